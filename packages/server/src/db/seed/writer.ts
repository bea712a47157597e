import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { TABLES, type ColumnKind, type TableName, type TableSpec } from './tables.ts';

export type Cell = string | number | boolean | null | readonly string[];

const ID_COLUMN = new Map(Object.entries(TABLES).map(([table, spec]) => [table as TableName, spec.columns.findIndex(([, kind]) => kind === 'id')]));

/**
 * The rows of one unit of work (the district's catalog, or one school), column by column, with
 * ids local to the unit (see tables.ts). A unit is written in one transaction.
 */
export class Rows {
  readonly columns = new Map<TableName, Cell[][]>();
  readonly counts = new Map<TableName, number>();

  /** Appends a row and returns its local id (its position among the unit's rows of the table). */
  add(table: TableName, ...values: Cell[]): number {
    const spec = TABLES[table];
    let columns = this.columns.get(table);
    if (!columns) {
      columns = spec.columns.map(() => []);
      this.columns.set(table, columns);
    }
    if (values.length !== columns.length) throw new Error(`${table}: ${values.length} values for ${columns.length} columns`);
    const n = (this.counts.get(table) ?? 0) + 1;
    for (let i = 0; i < values.length; i++) columns[i]!.push(values[i]!);
    // The id column's value is always the row's position: callers pass null for it.
    const id = ID_COLUMN.get(table)!;
    if (id >= 0) columns[id]![n - 1] = n - 1;
    this.counts.set(table, n);
    return n - 1;
  }

  count(table: TableName): number {
    return this.counts.get(table) ?? 0;
  }

  get total(): number {
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }
}

/** Where each table's ids of a written unit begin: absolute id = base + local id. */
export type IdBases = Map<string, number>;

const SQL_TYPE: Record<string, string> = {
  id: 'int8', int8: 'int8', int4: 'int4', int2: 'int2', numeric: 'numeric', bool: 'bool', text: 'text', date: 'date', time: 'time', 'text[]': 'text',
};

// Array literals are built here rather than by the driver: it is several times faster, and the
// same text works through node-postgres and PGlite alike.
function quote(value: string): string {
  return /["\\{},\s]|^$|^null$/i.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : value;
}

function encode(values: Cell[], kind: ColumnKind, base: number, from: number, to: number): string {
  const parts = new Array<string>(to - from);
  if (kind === 'id' || kind.startsWith('ref:')) {
    for (let i = from; i < to; i++) {
      const v = values[i];
      parts[i - from] = v === null || v === undefined ? 'NULL' : String((v as number) + base);
    }
  } else if (kind === 'bool') {
    for (let i = from; i < to; i++) {
      const v = values[i];
      parts[i - from] = v === null || v === undefined ? 'NULL' : v ? 't' : 'f';
    }
  } else if (kind === 'text[]') {
    for (let i = from; i < to; i++) {
      const v = values[i] as readonly string[] | null;
      parts[i - from] = v === null || v === undefined ? 'NULL' : quote(`{${v.map(quote).join(',')}}`);
    }
  } else if (kind === 'date' || kind === 'time') {
    // 'YYYY-MM-DD' and 'HH:MM' never need quoting.
    for (let i = from; i < to; i++) {
      const v = values[i];
      parts[i - from] = v === null || v === undefined ? 'NULL' : (v as string);
    }
  } else {
    for (let i = from; i < to; i++) {
      const v = values[i];
      parts[i - from] = v === null || v === undefined ? 'NULL' : typeof v === 'string' ? quote(v) : String(v);
    }
  }
  return `{${parts.join(',')}}`;
}

function insertStatement(spec: TableSpec): string {
  const names = spec.columns.map(([c]) => c);
  const identity = spec.columns.some(([, k]) => k === 'id');
  const selected = spec.columns.map(([c, k]) => (k === 'text[]' ? `${c}::text[]` : c));
  const arrays = spec.columns.map(([, k], i) => `cast($${i + 1}::text as ${SQL_TYPE[k.startsWith('ref:') ? 'int8' : k]}[])`);
  return `insert into ${spec.name} (${names.join(', ')})${identity ? ' overriding system value' : ''} select ${selected.join(', ')} from unnest(${arrays.join(', ')}) as u(${names.join(', ')})`;
}

const statements = new Map<string, string>();

/**
 * Writes units of rows in large batches (one statement per few thousand rows, each column one
 * array parameter), keeping a few units in flight on separate connections so that the generator
 * and the database work at the same time.
 */
export class RowWriter {
  readonly written = new Map<string, number>();
  #inFlight = new Set<Promise<void>>();
  #failure: unknown = null;
  #reserving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: { inFlight: number; cellsPerStatement: number; checkForeignKeys: boolean },
  ) {}

  /** Writes a unit now and returns its id bases (for rows that later units refer to). */
  async write(rows: Rows): Promise<IdBases> {
    const bases = await this.#reserve(rows);
    await this.db.transaction().execute(async (trx) => {
      await trx.executeQuery(CompiledQuery.raw('set local synchronous_commit = off', []));
      // Foreign-key checks cost two thirds of a load's time (each row locks its parent rows, and
      // every row's parent includes the one district row). The generator makes its references by
      // construction, and the tests load with the checks on, so a trusted load may skip them.
      if (!this.options.checkForeignKeys) await trx.executeQuery(CompiledQuery.raw('set local session_replication_role = replica', []));
      for (const table of Object.keys(TABLES) as TableName[]) {
        const columns = rows.columns.get(table);
        if (!columns) continue;
        const spec = TABLES[table];
        const n = rows.count(table);
        const perStatement = Math.max(500, Math.floor(this.options.cellsPerStatement / spec.columns.length));
        const text = statements.get(table) ?? insertStatement(spec);
        statements.set(table, text);
        for (let from = 0; from < n; from += perStatement) {
          const to = Math.min(n, from + perStatement);
          const parameters = spec.columns.map(([, kind], i) => {
            const base = kind === 'id' ? bases.get(spec.name)! : kind.startsWith('ref:') ? bases.get(kind.slice(4)) ?? 0 : 0;
            return encode(columns[i]!, kind, base, from, to);
          });
          await trx.executeQuery(CompiledQuery.raw(text, parameters));
        }
        this.written.set(spec.name, (this.written.get(spec.name) ?? 0) + n);
      }
    });
    return bases;
  }

  /** Queues a unit; waits only when enough units are already in flight. */
  async submit(rows: Rows): Promise<void> {
    while (this.#inFlight.size >= this.options.inFlight) await Promise.race(this.#inFlight);
    if (this.#failure) throw this.#failure;
    const pending: Promise<void> = this.write(rows).then(
      () => undefined,
      (error: unknown) => {
        this.#failure ??= error;
      },
    );
    const tracked = pending.finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  async finish(): Promise<void> {
    await Promise.all(this.#inFlight);
    if (this.#failure) throw this.#failure;
  }

  // One reservation at a time from this process: nextval then setval is not atomic, and two of
  // our own units reserving at once would otherwise overlap.
  async #reserve(rows: Rows): Promise<IdBases> {
    const wanted = [...rows.counts.entries()]
      .filter(([table, n]) => n > 0 && TABLES[table].columns.some(([, k]) => k === 'id'))
      .map(([table, n]) => [TABLES[table].name, n] as const);
    const bases: IdBases = new Map();
    if (wanted.length === 0) return bases;
    const select = wanted
      .map(([name, n], i) => `setval(pg_get_serial_sequence('${name}', 'id'), nextval(pg_get_serial_sequence('${name}', 'id')) + ${n - 1}) - ${n - 1} as b${i}`)
      .join(', ');
    const result = this.#reserving.then(() => this.db.executeQuery<Record<string, number | string>>(CompiledQuery.raw(`select ${select}`, [])));
    this.#reserving = result.catch(() => undefined);
    const row = (await result).rows[0]!;
    wanted.forEach(([name], i) => bases.set(name, Number(row[`b${i}`])));
    return bases;
  }
}
