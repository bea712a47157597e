import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProblem, apiGet, NetworkFailure, setFetch } from '../api/client.ts';
import { SignInPage, signInErrorText } from './SignInPage.tsx';
import { renderScreen } from '../testing/render-screen.tsx';

const problem = (status: number, body: Record<string, unknown>) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });

function serverAnswering(signIn: () => Response | Promise<Response>) {
  setFetch((async (input: RequestInfo | URL) => {
    if (String(input) === '/api/auth/session') return problem(401, { title: 'Please sign in', code: 'sign-in-required' });
    return signIn();
  }) as typeof fetch);
}

function showSignIn() {
  renderScreen(<SignInPage />, { at: '/sign-in', path: '/sign-in', otherRoutes: { '/': <p>home</p> } });
}

async function submit(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  return screen.findByRole('alert');
}

afterEach(cleanup);

describe('sign-in messages', () => {
  it('too many attempts from one computer: the server’s words, with what to do', async () => {
    serverAnswering(() => problem(429, { title: 'Too many sign-in attempts from this computer', detail: 'Wait 15 minutes and try again, or call the help desk.', code: 'too-many-sign-ins' }));
    showSignIn();
    const alert = await submit('teacher', 'x');
    expect(alert.textContent).toContain('Too many sign-in attempts from this computer');
    expect(alert.textContent).toContain('Wait 15 minutes and try again, or call the help desk.');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  });

  it('a server that does not answer: nothing was lost', async () => {
    serverAnswering(() => {
      throw new TypeError('Failed to fetch');
    });
    showSignIn();
    const alert = await submit('teacher', 'x');
    expect(alert.textContent).toContain('Homeroom did not answer');
    expect(alert.textContent).toContain('Check your connection; nothing was lost.');
  });

  it('a locked account: the unlock time in the reader’s own clock', () => {
    const lockedUntil = new Date(2026, 8, 3, 8, 15).toISOString();
    const text = signInErrorText(new ApiProblem(423, { title: 'This account is locked for now', detail: 'It unlocks at 15:15 UTC', code: 'account-locked', lockedUntil }));
    expect(text.title).toBe('This account is locked for now');
    expect(text.detail).toMatch(/It unlocks at 8:15\s?AM, or the help desk can unlock it sooner\./);
  });
});

describe('the API client', () => {
  it('turns a proxy error without a problem document into words', async () => {
    setFetch((async () => new Response('<html>Bad gateway</html>', { status: 502 })) as typeof fetch);
    const error = await apiGet('/api/district').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect((error as ApiProblem).problem.title).toBe('Homeroom is busy or restarting');
  });

  it('tells a lost connection apart from an answer', async () => {
    setFetch((async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch);
    await expect(apiGet('/api/district')).rejects.toBeInstanceOf(NetworkFailure);
  });
});
