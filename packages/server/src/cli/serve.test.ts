import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

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
  let stderr = '';
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (until?.test(stderr)) resolve({ code: null, stderr });
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
  return { child, done };
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
