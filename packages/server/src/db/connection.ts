import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

/**
 * Where the data lives: PostgreSQL when a URL is given (production), otherwise the embedded
 * PGlite, in a directory (the default install) or in memory (tests).
 */
export type DatabaseTarget = { kind: 'postgres'; url: string; /** false: no named statements (see MAX_NAMED_STATEMENTS). */ preparedStatements?: boolean } | { kind: 'embedded'; dataDir: string | null };

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
// A list of ids (the students of an audit event) as numbers too, as PGlite already gives it: it
// parses an array's elements with the parser of their type.
const INT8_ARRAY = 1016 as Parameters<typeof pg.types.getTypeParser>[0]; // bigint[], not in pg-types' list of names
const parseInt8Array = pg.types.getTypeParser(INT8_ARRAY) as (value: string) => Array<string | null>;
pg.types.setTypeParser(INT8_ARRAY, (value) => parseInt8Array(value).map((id) => (id === null ? null : Number(id))));

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'embedded') return target.dataDir ? `embedded database in ${target.dataDir}` : 'embedded database in memory';
  const url = new URL(target.url);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

export async function openDatabase(target: DatabaseTarget, options: { poolSize?: number } = {}): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const prepared = target.preparedStatements !== false;
    const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize ?? 10, ...(prepared ? { maxLifetimeSeconds: PLAN_LIFETIME_SECONDS } : {}) });
    // An idle client's error (a restarted server) must not crash the process.
    pool.on('error', () => undefined);
    if (prepared) pool.on('connect', (client) => prepareStatements(client, statementNames));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, target, close: () => db.destroy() };
  }
  // PGlite makes only the last folder of the path: a fresh clone has no ./data yet.
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const pglite = new PGlite(target.dataDir ?? undefined);
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
 * Named statements, so that PostgreSQL parses and plans the server's statements once per
 * connection rather than on every request: planning the attendance roster's queries cost the
 * database more than running them. Names are given to the texts the server sends with parameters,
 * which are the same for every class and student (values travel as parameters, lists as arrays);
 * the number of names is bounded, so that statements whose text varies (a bulk insert of however
 * many rows) cannot fill each connection's memory with plans used once: once the bound is reached,
 * new texts go unnamed, as before.
 */
export const MAX_NAMED_STATEMENTS = 500;
/**
 * How long a connection, and the plans PostgreSQL keeps for its named statements, may live. A kept
 * plan (the generic plan, chosen after a statement's fifth run) is made for the tables as their
 * statistics describe them then, and the first morning's tables start empty: plans made at the bell
 * went on scanning the day's takings and daily rows whole for every class. The server now analyzes
 * such tables as they grow (planner-statistics.ts), which replaces those plans on every connection
 * within seconds; a connection is still replaced now and then, as a backstop for whatever else
 * changes under a plan. Not more often: a new connection plans every statement again (a burst of
 * planning each time, which the 30 seconds of before made every few seconds on a busy pool).
 * Planning at every run instead (plan_cache_mode=force_custom_plan) cost the database about twice
 * the CPU of a whole save in the morning bench.
 */
export const PLAN_LIFETIME_SECONDS = 600;
/** Longer texts are bulk statements, rarely repeated: not worth a plan kept per connection. */
const MAX_NAMED_TEXT = 8000;

export class StatementNames {
  readonly #names = new Map<string, string>();

  nameOf(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined || this.#names.size >= MAX_NAMED_STATEMENTS || text.length > MAX_NAMED_TEXT) return known;
    const name = `homeroom_${this.#names.size + 1}`;
    this.#names.set(text, name);
    return name;
  }
}

const statementNames = new StatementNames();

function prepareStatements(client: pg.PoolClient, names: StatementNames): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    // Only text with parameters: a text without them may hold several statements (a migration),
    // which the extended protocol that named statements use cannot carry.
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || args.length > 2) return query(...args);
    const name = names.nameOf(text);
    return name === undefined ? query(text, values) : query({ name, text, values });
  }) as typeof client.query;
}

/**
 * node-postgres's pool interface over PGlite's single connection. A client is lent to one user at
 * a time, so a transaction never interleaves with another request's queries; the price is that a
 * query on the root handle inside a transaction waits forever — pass the transaction handle.
 */
// The same parsing as node-postgres above; PGlite takes it per query.
const PGLITE_PARSERS = { [INT8]: (value: string) => Number(value), [NUMERIC]: (value: string) => value, [DATE]: (value: string) => value };

class PGlitePool implements PostgresPool {
  #queue: Array<() => void> = [];
  #busy = false;

  constructor(private readonly pglite: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    if (this.#busy) await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#busy = true;
    const client = new PGliteClient(this.pglite, () => {
      const next = this.#queue.shift();
      if (next) next();
      else this.#busy = false;
    });
    // Kysely's client interface, less cursors: streaming a query is a PostgreSQL-only feature here.
    return client as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {}
}

class PGliteClient {
  constructor(
    private readonly pglite: PGlite,
    readonly release: () => void,
  ) {}

  async query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
    // Without parameters a text may hold several statements (a migration): PGlite runs those
    // through exec, as node-postgres does through the simple query protocol.
    const result = parameters.length === 0 ? (await this.pglite.exec(sql, { parsers: PGLITE_PARSERS })).at(-1)! : await this.pglite.query(sql, parameters as unknown[], { parsers: PGLITE_PARSERS });
    const verb = /^\s*(insert|update|delete|merge)\b/i.exec(sql)?.[1]?.toUpperCase() as PostgresQueryResult<R>['command'] | undefined;
    return { command: verb ?? 'SELECT', rowCount: result.affectedRows ?? result.rows.length, rows: result.rows as R[] };
  }
}

/** One line that tells an operator what to fix when the database cannot be opened. */
export function explainConnectionError(error: unknown, target: DatabaseTarget): string {
  const where = describeTarget(target);
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return `cannot reach ${where}: connection refused. Is PostgreSQL running there? Check DATABASE_URL.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach ${where}: the host name does not resolve. Check DATABASE_URL.`;
    case 'ETIMEDOUT':
      return `cannot reach ${where}: the connection timed out. Check DATABASE_URL and the network.`;
    case '28P01':
    case '28000':
      return `${where} refused the user or password in DATABASE_URL.`;
    case '3D000':
      return `${where}: the database does not exist. Create it (createdb) or fix DATABASE_URL.`;
    default:
      return `cannot open ${where}: ${e.message ?? String(error)}`;
  }
}

/** Opens the database and proves it answers, so start-up fails at once with a clear reason. */
export async function openAndCheckDatabase(target: DatabaseTarget, options: { poolSize?: number } = {}): Promise<DatabaseHandle> {
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase(target, options);
    await handle.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return handle;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    throw new DatabaseUnavailableError(explainConnectionError(error, target));
  }
}

export class DatabaseUnavailableError extends Error {}
