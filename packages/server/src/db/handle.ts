import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/**
 * What a repository function queries through: the database, or the transaction the use case
 * opened. Pass the transaction whenever there is one: PGlite has one connection, so a query on the
 * root handle inside a transaction waits for that transaction forever.
 */
export type Handle = Kysely<Database> | Transaction<Database>;
