import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function loadMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(migrationsDir, file), 'utf8');
      return { name: file.replace(/\.sql$/, ''), sql: text, checksum: createHash('sha256').update(text).digest('hex').slice(0, 16) };
    });
}

export class MigrationError extends Error {}

async function ensureLedger<DB>(db: Kysely<DB>): Promise<void> {
  await sql`create table if not exists schema_migration (
    name text primary key, checksum text not null, applied_at timestamptz not null default now())`.execute(db);
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export async function migrationStatus<DB>(db: Kysely<DB>): Promise<MigrationStatus> {
  const exists = await sql<{ present: boolean }>`select to_regclass('schema_migration') is not null as present`.execute(db);
  const applied = exists.rows[0]?.present
    ? (await sql<{ name: string; checksum: string }>`select name, checksum from schema_migration order by name`.execute(db)).rows
    : [];
  const known = loadMigrations();
  for (const row of applied) {
    const migration = known.find((m) => m.name === row.name);
    if (!migration) throw new MigrationError(`the database has migration ${row.name}, which this version of Homeroom does not know: it is newer than this code`);
    if (migration.checksum !== row.checksum) throw new MigrationError(`migration ${row.name} was changed after it was applied (checksum ${row.checksum} in the database, ${migration.checksum} in the code)`);
  }
  const appliedNames = new Set(applied.map((row) => row.name));
  return { applied: [...appliedNames], pending: known.filter((m) => !appliedNames.has(m.name)).map((m) => m.name) };
}

/**
 * Applies every pending migration, each in its own transaction, holding an advisory lock so that
 * two servers starting at once do not both migrate.
 */
export async function migrate<DB>(db: Kysely<DB>, log: (line: string) => void = () => undefined): Promise<string[]> {
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(72710001)`.execute(connection);
    try {
      await ensureLedger(connection);
      const { pending } = await migrationStatus(connection);
      const migrations = loadMigrations().filter((m) => pending.includes(m.name));
      for (const migration of migrations) {
        await connection.transaction().execute(async (trx) => {
          await sql.raw(migration.sql).execute(trx);
          await sql`insert into schema_migration (name, checksum) values (${migration.name}, ${migration.checksum})`.execute(trx);
        });
        log(`applied migration ${migration.name}`);
      }
      return migrations.map((m) => m.name);
    } finally {
      await sql`select pg_advisory_unlock(72710001)`.execute(connection);
    }
  });
}
