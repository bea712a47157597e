import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

/**
 * Where the data lives: PostgreSQL when a URL is given (production), otherwise the embedded
 * PGlite, in a directory (the default install) or in memory (tests).
 */
export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string | null };

export interface DatabaseHandle {
  db: Kysely<Database>;
  target: DatabaseTarget;
  close(): Promise<void>;
}

// Bigint ids fit in a double; numeric stays a string so that credits are never rounded through
// floating point; a date is a calendar date, never shifted by the process's time zone.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
pg.types.setTypeParser(INT8, (value) => Number(value));
pg.types.setTypeParser(NUMERIC, (value) => value);
pg.types.setTypeParser(DATE, (value) => value);

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'embedded') return target.dataDir ? `embedded database in ${target.dataDir}` : 'embedded database in memory';
  const url = new URL(target.url);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

export async function openDatabase(target: DatabaseTarget, options: { poolSize?: number } = {}): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize ?? 10 });
    // An idle client's error (a restarted server) must not crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, target, close: () => db.destroy() };
  }
  const pglite = new PGlite(target.dataDir ?? undefined, {
    parsers: { [INT8]: (value: string) => Number(value), [NUMERIC]: (value: string) => value, [DATE]: (value: string) => value },
  });
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new PGlitePool(pglite) }) });
  return {
    db,
    target,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/**
 * node-postgres's pool interface over PGlite's single connection. A client is lent to one user at
 * a time, so a transaction never interleaves with another request's queries; the price is that a
 * query on the root handle inside a transaction waits forever — pass the transaction handle.
 */
class PGlitePool {
  #queue: Array<() => void> = [];
  #busy = false;

  constructor(private readonly pglite: PGlite) {}

  async connect(): Promise<PGliteClient> {
    if (this.#busy) await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#busy = true;
    return new PGliteClient(this.pglite, () => {
      const next = this.#queue.shift();
      if (next) next();
      else this.#busy = false;
    });
  }

  async end(): Promise<void> {}
}

class PGliteClient {
  constructor(
    private readonly pglite: PGlite,
    readonly release: () => void,
  ) {}

  async query(sql: string, parameters: readonly unknown[]) {
    // Without parameters a text may hold several statements (a migration): PGlite runs those
    // through exec, as node-postgres does through the simple query protocol.
    const result = parameters.length === 0 ? (await this.pglite.exec(sql)).at(-1)! : await this.pglite.query(sql, parameters as unknown[]);
    const verb = /^\s*(insert|update|delete|merge)\b/i.exec(sql)?.[1]?.toUpperCase();
    return { command: verb ?? 'SELECT', rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
  }
}
