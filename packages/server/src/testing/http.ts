import type { FastifyInstance } from 'fastify';
import { TEST_PASSWORD } from './small-district.ts';

export interface SignedIn {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

/** Signs in through the API as a browser would, returning the headers a browser would send. */
export async function signInAs(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<SignedIn> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username, password }, remoteAddress: `10.9.${username.length}.${username.charCodeAt(0)}` });
  if (response.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = response.json<{ csrfToken: string }>().csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** Follows a background job (a scheduling run, a master-schedule build) until it ends or previews. */
export async function waitForRun(app: FastifyInstance, url: string, headers: Record<string, string>) {
  for (let i = 0; i < 600; i++) {
    const run = (await app.inject({ method: 'GET', url, headers })).json();
    if (run.status !== 'queued' && run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not finish`);
}
