import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type AppContext } from '../app.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { openTestDatabase, type TestDatabaseKind } from '../db/testing.ts';
import { createSmallDistrict } from './small-district.ts';

export type SmallDistrict = Awaited<ReturnType<typeof createSmallDistrict>>;

export interface TestApp<World> {
  handle: DatabaseHandle;
  db: Kysely<Database>;
  app: FastifyInstance;
  world: World;
}

/**
 * What most server tests start from: a fresh database of their own (embedded or PostgreSQL), a
 * district in it (the small hand-made one unless told otherwise), and the app on that database.
 * Call it in a describe block: it opens them before the block's tests and closes them after the
 * block's own afterAll hooks. Its fields are filled in when the block starts.
 */
export function withTestApp<World = SmallDistrict>(
  kind: TestDatabaseKind,
  options: { district?: (db: Kysely<Database>) => Promise<World>; app?: Omit<AppContext, 'db'> } = {},
): TestApp<World> {
  const fixture = {} as TestApp<World>;
  beforeAll(async () => {
    fixture.handle = await openTestDatabase(kind);
    fixture.db = fixture.handle.db;
    fixture.world = await (options.district ?? (createSmallDistrict as unknown as (db: Kysely<Database>) => Promise<World>))(fixture.db);
    fixture.app = await buildApp({ db: fixture.db, ...options.app });
  });
  afterAll(async () => {
    await fixture.app?.close();
    await fixture.handle?.close();
  });
  return fixture;
}
