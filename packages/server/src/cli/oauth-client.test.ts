import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROSTER, ROSTER_CORE } from '../auth/api-token-scopes.ts';
import { openDatabase } from '../db/connection.ts';
import { migrate } from '../db/migrator.ts';
import { secretHash } from '../modules/oauth/oauth-clients.ts';
import { runCli } from './cli-test-helpers.ts';
import { scratchDirForCommands } from './cli-test-helpers.ts';

describe('homeroom oauth-client create', () => {
  const dir = scratchDirForCommands('homeroom-oauth-');

  it('refuses a scope that is not OneRoster’s with exit 2, and a missing name', async () => {
    expect((await runCli(['oauth-client', 'create', '--name', 'x', '--scopes', 'students.read'])).code).toBe(2);
    const noName = await runCli(['oauth-client', 'create', '--scopes', ROSTER]);
    expect(noName.code).toBe(2);
    expect(noName.stdout).toBe('');
  });

  it('registers a client and prints its id and secret once, keeping only the hash', async () => {
    delete process.env.DATABASE_URL;
    process.env.HOMEROOM_DATA_DIR = path.join(dir, 'data');
    const setup = await openDatabase({ kind: 'embedded', dataDir: process.env.HOMEROOM_DATA_DIR });
    await migrate(setup.db);
    await setup.db.insertInto('district').values({ code: 'OAUTH', name: 'OAuth Unified' }).execute();
    await setup.close();

    const run = await runCli(['oauth-client', 'create', '--name', 'Canvas', '--scopes', `${ROSTER_CORE} ${ROSTER}`, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed).toMatchObject({ name: 'Canvas', scopes: [ROSTER, ROSTER_CORE].sort() });
    expect(printed.clientId).toMatch(/^hrc_/);
    expect(printed.clientSecret).toMatch(/^hrs_/);

    const check = await openDatabase({ kind: 'embedded', dataDir: process.env.HOMEROOM_DATA_DIR });
    try {
      const row = await check.db.selectFrom('oauth_client').select(['secret_hash', 'name']).where('client_id', '=', printed.clientId).executeTakeFirstOrThrow();
      expect(row.secret_hash).toBe(secretHash(printed.clientSecret));
      await check.db.insertInto('school_year').values({ district_id: (await check.db.selectFrom('district').select('id').executeTakeFirstOrThrow()).id, name: '2026-27', start_date: '2026-08-01', end_date: '2027-07-31', is_current: true }).execute();
    } finally {
      await check.close();
    }
  });

  it('homeroom export oneroster writes a package, and refuses a school year the district does not have', async () => {
    const out = path.join(dir, 'district.zip');
    const missing = await runCli(['export', 'oneroster', '--out', out, '--school-year', '1999-00']);
    expect(missing.code).toBe(1);
    const run = await runCli(['export', 'oneroster', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ out, schoolYear: '2026-27' });
    expect(statSync(out).size).toBeGreaterThan(100);
    expect((await runCli(['export', 'oneroster'])).code).toBe(2);
  });
});
