import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from '../db/testing.ts';
import { systemClock } from '../clock.ts';
import { admissionFromEnv } from '../cli/serve.ts';
import { DEFAULT_ADMISSION, registerAdmission } from './admission.ts';
import { problemServerOptions } from './errors.ts';
import { warmUp } from './readiness.ts';

describe('a saturated server queues a bounded number of requests and answers the rest 503 with Retry-After', () => {
  /** Requests to /api/slow wait until the test lets them go. */
  async function slowServer(limits: { concurrent: number; queued: number; maxWaitMs: number }) {
    const app = Fastify({ ...problemServerOptions });
    const admission = registerAdmission(app, { ...limits, retryAfterSeconds: 2 });
    const gates: Array<() => void> = [];
    app.get('/api/slow', () => new Promise((resolve) => gates.push(() => resolve({ ok: true }))));
    app.get('/api/ready', async () => ({ status: 'ready' }));
    await app.ready();
    return { app, admission, gates };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('serves some, queues the next ones in order, refuses the rest at once, and never refuses the readiness check', async () => {
    const { app, admission, gates } = await slowServer({ concurrent: 2, queued: 2, maxWaitMs: 10_000 });
    const answers = Array.from({ length: 6 }, () => app.inject({ method: 'GET', url: '/api/slow' }));
    await settle();
    expect([admission.serving, admission.waiting]).toEqual([2, 2]);
    const refused = await Promise.all(answers.slice(4));
    for (const answer of refused) {
      expect(answer.statusCode).toBe(503);
      expect(answer.headers['content-type']).toMatch(/problem\+json/);
      expect(answer.json()).toMatchObject({ code: 'server-busy', title: 'Homeroom is busy' });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(2);
    }
    expect((await app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200);
    // Those served finish; those queued take their places and are served too.
    gates.splice(0).forEach((go) => go());
    await settle();
    expect([admission.serving, admission.waiting]).toEqual([2, 0]);
    gates.splice(0).forEach((go) => go());
    expect((await Promise.all(answers.slice(0, 4))).map((a) => a.statusCode)).toEqual([200, 200, 200, 200]);
    expect(admission.serving).toBe(0);
    expect(admission.refused).toBe(2);
    await app.close();
  });

  it('lets saves go ahead of reads, and a save take the place of the last read when the queue is full', async () => {
    const app = Fastify({ ...problemServerOptions });
    registerAdmission(app, { concurrent: 1, queued: 2, maxWaitMs: 10_000, retryAfterSeconds: 2 });
    const gates: Array<() => void> = [];
    const order: string[] = [];
    const held = (name: string) => () => new Promise((resolve) => gates.push(() => resolve({ name }))).finally(() => order.push(name));
    app.get('/api/slow', held('read'));
    app.put('/api/slow', held('save'));
    await app.ready();
    const first = app.inject({ method: 'GET', url: '/api/slow' });
    await settle();
    const [read1, read2] = [app.inject({ method: 'GET', url: '/api/slow' }), app.inject({ method: 'GET', url: '/api/slow' })];
    await settle();
    // The queue is full of reads: the save takes the place of the one that came last.
    const save = app.inject({ method: 'PUT', url: '/api/slow' });
    const displaced = await read2;
    expect(displaced.statusCode).toBe(503);
    expect(displaced.headers['retry-after']).toBeDefined();
    for (let i = 0; i < 3; i++) {
      await settle();
      gates.shift()!();
    }
    expect([(await first).statusCode, (await save).statusCode, (await read1).statusCode]).toEqual([200, 200, 200]);
    expect(order).toEqual(['read', 'save', 'read']);
    await app.close();
  });

  it('refuses at once what would wait longer than maxWaitMs at the rate it answers, and says when to come back', async () => {
    let now = 0;
    const app = Fastify({ ...problemServerOptions });
    const admission = registerAdmission(app, { concurrent: 1, queued: 100, maxWaitMs: 2_000, retryAfterSeconds: 7 }, () => now);
    const gates: Array<() => void> = [];
    app.get('/api/slow', () => new Promise((resolve) => gates.push(() => resolve({ ok: true }))));
    await app.ready();
    // Two answers a second, measured.
    for (let i = 0; i < 4; i++) {
      const answer = app.inject({ method: 'GET', url: '/api/slow' });
      await settle();
      now += 500;
      gates.shift()!();
      expect((await answer).statusCode).toBe(200);
    }
    expect(admission.answeredPerSecond).toBeCloseTo(2, 5);
    // One served; four queued (two seconds at two a second); the fifth would wait longer.
    const answers = Array.from({ length: 6 }, () => app.inject({ method: 'GET', url: '/api/slow' }));
    await settle();
    expect([admission.serving, admission.waiting]).toEqual([1, 4]);
    const refused = await answers[5]!;
    expect(refused.statusCode).toBe(503);
    // Those four waiting are answered in two seconds: come back then.
    expect(refused.headers['retry-after']).toBe('2');
    for (let i = 0; i < 5; i++) {
      gates.shift()!();
      await settle();
    }
    expect((await Promise.all(answers.slice(0, 5))).map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    await app.close();
  });

  it('takes its limits from HOMEROOM_MAX_CONCURRENT, HOMEROOM_MAX_QUEUED and HOMEROOM_MAX_WAIT_SECONDS', () => {
    expect(admissionFromEnv({})).toEqual(DEFAULT_ADMISSION);
    expect(admissionFromEnv({ HOMEROOM_MAX_CONCURRENT: '16', HOMEROOM_MAX_QUEUED: '0', HOMEROOM_MAX_WAIT_SECONDS: '8' })).toEqual({ ...DEFAULT_ADMISSION, concurrent: 16, queued: 0, maxWaitMs: 8_000 });
    expect(() => admissionFromEnv({ HOMEROOM_MAX_WAIT_SECONDS: '0' })).toThrow(/HOMEROOM_MAX_WAIT_SECONDS must be a whole number/);
  });

  it('answers 503 to a request that waited its longest in the queue', async () => {
    const { app, gates } = await slowServer({ concurrent: 1, queued: 5, maxWaitMs: 100 });
    const first = app.inject({ method: 'GET', url: '/api/slow' });
    await settle();
    const waited = await app.inject({ method: 'GET', url: '/api/slow' });
    expect(waited.statusCode).toBe(503);
    expect(waited.headers['retry-after']).toBeDefined();
    gates.splice(0).forEach((go) => go());
    expect((await first).statusCode).toBe(200);
    await app.close();
  });
});

describe.each(testDatabaseKinds())('a cold server on the %s database', (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('is alive (/api/health) but not ready (/api/ready) until it has warmed up', async () => {
    const app = await buildApp({ db: handle.db, coldStart: true, admission: { concurrent: 4, queued: 4, maxWaitMs: 1000, retryAfterSeconds: 1 } });
    try {
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      const cold = await app.inject({ method: 'GET', url: '/api/ready' });
      expect(cold.statusCode).toBe(503);
      expect(cold.json()).toEqual({ status: 'warming-up', warmUpMs: null });
      const ms = await warmUp(app, handle.db, { connections: kind === 'postgres' ? 4 : 1, clock: systemClock, requests: 5 });
      const warm = await app.inject({ method: 'GET', url: '/api/ready' });
      expect(warm.statusCode).toBe(200);
      expect(warm.json()).toEqual({ status: 'ready', warmUpMs: ms });
    } finally {
      await app.close();
    }
  });

  it('turns away what it cannot take with 503 and Retry-After, through the whole app', async () => {
    const app = await buildApp({ db: handle.db, admission: { concurrent: 1, queued: 0, maxWaitMs: 1000, retryAfterSeconds: 3 } });
    try {
      // Signing in hashes a password off the main thread: the first holds the one place.
      const signIn = () => app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'nobody', password: 'not-a-password' } });
      const [first, second] = await Promise.all([signIn(), signIn()]);
      expect(first.statusCode).toBe(401);
      expect(second.statusCode).toBe(503);
      expect(second.headers['retry-after']).toMatch(/^[34]$/);
    } finally {
      await app.close();
    }
  });
});
