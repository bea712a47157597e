import type { Compilable, CompiledQuery } from 'kysely';
import type { Handle } from './handle.ts';

const NAME = Symbol('placeholder');

interface Placeholder {
  readonly [NAME]: string;
}

const isPlaceholder = (value: unknown): value is Placeholder => typeof value === 'object' && value !== null && NAME in value;

/**
 * A query built and compiled by Kysely once, then run with new values: for the statements every
 * request makes (the session behind a cookie, the section a teacher opens), where building and
 * compiling the query cost the server more than sending it. `build` receives stand-ins for the
 * values; each must be passed to Kysely as a value (it becomes a parameter), never looked at —
 * a query whose shape depends on a value is one prepared query per shape. A value used twice is
 * two parameters with the same value.
 */
export function preparedQuery<V extends Record<string, unknown>, R>(build: (db: Handle, values: V) => Compilable<R>): (db: Handle, values: V) => Promise<R[]> {
  let compiled: CompiledQuery<R> | undefined;
  return async (db, values) => {
    if (!compiled) {
      const standIns = new Proxy({} as V, { get: (_target, name) => (typeof name === 'string' ? { [NAME]: name } : undefined) });
      compiled = build(db, standIns).compile();
      const missing = compiled.parameters.filter(isPlaceholder).find((p) => !(p[NAME] in values));
      if (missing) throw new Error(`preparedQuery: no value named ${missing[NAME]}`);
    }
    const parameters = compiled.parameters.map((p) => (isPlaceholder(p) ? values[p[NAME]] : p));
    const result = await db.executeQuery<R>({ ...compiled, parameters });
    return result.rows;
  };
}
