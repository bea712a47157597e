import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './connection.ts';
import { preparedQuery } from './prepared-query.ts';
import { openTestDatabase, testDatabaseKinds } from './testing.ts';

describe.each(testDatabaseKinds())('prepared queries on the %s database', (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    await sql`insert into district (code, name, time_zone) values ('A', 'Alpha Unified', 'America/Los_Angeles'), ('B', 'Beta Unified', 'America/Denver')`.execute(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
  });

  const districtByCode = preparedQuery((db, v: { code: string; zone: string | null }) =>
    db
      .selectFrom('district')
      .select(['name', sql<boolean>`time_zone = coalesce(${v.zone}, time_zone)`.as('in_zone')])
      .where('code', '=', v.code)
      // A constant stays as it was compiled.
      .where('name', 'like', '%Unified'),
  );

  it('runs the query compiled once with each call’s values, in the transaction it is given', async () => {
    expect(await districtByCode(handle.db, { code: 'A', zone: null })).toEqual([{ name: 'Alpha Unified', in_zone: true }]);
    expect(await districtByCode(handle.db, { code: 'B', zone: 'America/Los_Angeles' })).toEqual([{ name: 'Beta Unified', in_zone: false }]);
    expect(await districtByCode(handle.db, { code: 'C', zone: null })).toEqual([]);
    await handle.db.transaction().execute(async (trx) => {
      await sql`update district set name = 'Beta Joint Unified' where code = 'B'`.execute(trx);
      expect(await districtByCode(trx, { code: 'B', zone: null })).toEqual([{ name: 'Beta Joint Unified', in_zone: true }]);
    });
  });

  it('names a value the query uses that a call does not give', async () => {
    const query = preparedQuery((db, v: { code: string }) => db.selectFrom('district').select('name').where('code', '=', v.code));
    await expect(query(handle.db, {} as { code: string })).rejects.toThrow(/no value named code/);
  });
});
