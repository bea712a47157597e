import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../db/testing.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/homeroom.js');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'homeroom-serve-'));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Runs `homeroom ARGS` until it exits or prints `until`; returns what it printed. */
function homeroom(args: string[], env: Record<string, string>, until?: RegExp) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: '', HOMEROOM_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env } });
  return { child, done: printed(child, until) };
}

function printed(child: ReturnType<typeof spawn>, until?: RegExp) {
  let stderr = '';
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (until?.test(stderr)) resolve({ code: null, stderr });
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
  return done;
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('homeroom serve', () => {
  it('migrates the embedded database, serves health, and stops cleanly', async () => {
    const port = await freePort();
    const run = homeroom(['serve'], { PORT: String(port) }, /Homeroom is ready/);
    const { stderr } = await run.done;
    expect(stderr).toContain(`http://localhost:${port}`);
    const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    run.child.kill('SIGTERM');
    await new Promise((resolve) => run.child.once('exit', resolve));
  });

  it('says in one line that the port is taken', async () => {
    const port = await freePort();
    const blocker: Server = await new Promise((resolve) => {
      const s = createServer().listen(port, '0.0.0.0', () => resolve(s));
    });
    try {
      const { code, stderr } = await homeroom(['serve'], { PORT: String(port) }).done;
      expect(code).toBe(1);
      expect(stderr).toMatch(new RegExp(`port ${port} is already in use`));
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it('says in one line that the database cannot be reached', async () => {
    const port = await freePort();
    const { code, stderr } = await homeroom(['serve'], { DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/homeroom` }).done;
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:\d+\/homeroom: connection refused/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL', async () => {
    const { code, stderr } = await homeroom(['migrate'], { DATABASE_URL: 'mysql://root@localhost/x' }).done;
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('homeroom: DATABASE_URL must start with postgres:// (got mysql://…): Homeroom runs on PostgreSQL 15 or its embedded database');
  });

  it('refuses to start with single sign-on half set up, in one line, before opening the database', async () => {
    const { code, stderr } = await homeroom(['serve'], { OIDC_ISSUER: 'https://login.district.example', OIDC_CLIENT_ID: 'homeroom' }).done;
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      'homeroom: single sign-on is only partly configured: OIDC_ISSUER, OIDC_CLIENT_ID set but OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI missing; set all of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI or none',
    );
  });

  it('refuses --demo on PostgreSQL or on an address other computers reach, unless told --allow-demo-passwords', async () => {
    const port = await freePort();
    const onPostgres = await homeroom(['serve', '--demo'], { DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/homeroom` }).done;
    expect(onPostgres.code).toBe(1);
    expect(onPostgres.stderr.trim()).toMatch(/^homeroom: --demo on PostgreSQL would give accounts the published password homeroom-demo .*--allow-demo-passwords$/);
    const everywhere = await homeroom(['serve', '--demo'], { HOST: '0.0.0.0' }).done;
    expect(everywhere.code).toBe(1);
    expect(everywhere.stderr.trim()).toMatch(/^homeroom: --demo with HOST=0\.0\.0\.0 would let other computers sign in .*--allow-demo-passwords$/);
  });

  it('goes on with --demo --allow-demo-passwords, and takes --allow-demo-passwords only with --demo', async () => {
    const port = await freePort();
    // Told so, it goes on (here to the database, which is not there).
    const allowed = await homeroom(['serve', '--demo', '--allow-demo-passwords'], { DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/homeroom` }).done;
    expect(allowed.stderr).toMatch(/cannot reach PostgreSQL/);
    const alone = await homeroom(['serve', '--allow-demo-passwords'], {}).done;
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--allow-demo-passwords goes with --demo/);
  });

  it('explains its usage and refuses unknown options', async () => {
    const help = await homeroom(['serve', '--help'], {}).done;
    expect(help.code).toBe(0);
    const bad = await homeroom(['serve', '--colour'], {}).done;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--colour'/);
    const none = await homeroom([], {}).done;
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Usage: homeroom <command>/);
  });
});

describe.runIf(process.env.DATABASE_URL)('homeroom serve on PostgreSQL, and the role it serves as', () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let admin: pg.Client;
  let url: URL;
  const webRole = `homeroom_test_web_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    handle = await openTestDatabase('postgres');
    url = new URL((handle.target as { url: string }).url);
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    // Production: migrated by the owner (above), served by a login in homeroom_app.
    await admin.query(`create role ${webRole} login in role homeroom_app`);
  });
  afterAll(async () => {
    await handle?.close();
    await admin?.query(`drop role if exists ${webRole}`);
    await admin?.end();
  });
  const as = (role: string, database = url) => {
    const address = new URL(database);
    address.username = role;
    return address.toString();
  };

  it('refuses a role that could rewrite the audit trail, in one line', async () => {
    const owner = await homeroom(['serve'], { DATABASE_URL: url.toString(), PORT: String(await freePort()) }).done;
    expect(owner.code).toBe(1);
    expect(owner.stderr).toMatch(/homeroom: the database role postgres may UPDATE, DELETE or TRUNCATE audit_event, so the audit trail is not append-only: .*AUDIT_ROLE_CHECK=warn/);
    expect(owner.stderr).not.toMatch(/Homeroom is ready/);
  });

  it('starts such a role with AUDIT_ROLE_CHECK=warn, warning loudly', async () => {
    const warned = homeroom(['serve'], { DATABASE_URL: url.toString(), PORT: String(await freePort()), AUDIT_ROLE_CHECK: 'warn' }, /Homeroom is ready/);
    const { stderr } = await warned.done;
    expect(stderr).toMatch(/!!! WARNING: the database role postgres may UPDATE, DELETE or TRUNCATE audit_event/);
    warned.child.kill('SIGTERM');
    await new Promise((resolve) => warned.child.once('exit', resolve));
  });

  it('serves as a role in homeroom_app, with nothing to migrate and nothing to warn of', async () => {
    const port = await freePort();
    const served = homeroom(['serve'], { DATABASE_URL: as(webRole), PORT: String(port) }, /Homeroom is ready|homeroom: /);
    const result = await served.done;
    expect(result.stderr).toMatch(/Homeroom is ready/);
    expect(result.stderr).not.toMatch(/WARNING|audit_event/);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    served.child.kill('SIGTERM');
    await new Promise((resolve) => served.child.once('exit', resolve));
  });

  it('says in one line, as the application role with migrations pending, who must apply them', async () => {
    const fresh = await openTestDatabase('postgres', { migrated: false });
    try {
      const pending = await homeroom(['serve'], { DATABASE_URL: as(webRole, new URL((fresh.target as { url: string }).url)), PORT: String(await freePort()) }).done;
      expect(pending.code).toBe(1);
      expect(pending.stderr).toMatch(/homeroom: migrations are pending and this database role may not apply them \(permission denied for schema public\): run 'homeroom migrate' as the database's owner first/);
      expect(pending.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await fresh.close();
    }
  });
});

describe('homeroom serve --demo stopped while it loads the demo district', () => {
  const demoDir = mkdtempSync(path.join(os.tmpdir(), 'homeroom-demo-'));
  afterAll(() => rmSync(demoDir, { recursive: true, force: true }));

  it('loads the demo again from the start on the next start, instead of serving what it had', { timeout: 300_000 }, async () => {
    const env = { HOMEROOM_DATA_DIR: path.join(demoDir, 'data', 'homeroom') };
    // Killed outright (no chance to tidy up) once some schools are in.
    const first = homeroom(['serve', '--demo'], { ...env, PORT: String(await freePort()) }, /2 of \d+ schools generated/);
    expect((await first.done).stderr).toContain('Loading a demo district');
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;

    const port = await freePort();
    const second = homeroom(['serve', '--demo'], { ...env, PORT: String(port) }, /Homeroom is ready/);
    try {
      const { stderr } = await second.done;
      expect(stderr).toMatch(/the demo district's first load was stopped half-way \(\d+ schools, [\d,]+ students in\): loading it again from the start/);
      expect(stderr).toMatch(/demo district loaded in [\d.]+ s: 5 schools, 3000 students/);
      const signIn = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'homeroom-demo' }) });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const district = (await (await fetch(`http://127.0.0.1:${port}/api/district`, { headers: { cookie } })).json()) as { figures: { schools: number; students_enrolled: number } };
      expect(district.figures).toMatchObject({ schools: 5, students_enrolled: 3000 });
    } finally {
      const stopped = new Promise((resolve) => second.child.once('exit', resolve));
      second.child.kill('SIGTERM');
      await stopped;
    }
  });
});
