import { ConfigError } from '../config.ts';
import { DatabaseUnavailableError } from '../db/connection.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { MigrationError, migrationStatus } from '../db/migrator.ts';
import { findDistrict } from '../modules/district/district.repository.ts';
import { EXIT, type CliIo } from './command.ts';

/** Settings and databases that cannot work end a command with one line that says what to fix. */
export async function runWithOperatorErrors(io: CliIo, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DatabaseUnavailableError || error instanceof MigrationError) {
      io.stderr.write(`homeroom: ${error.message}\n`);
      return EXIT.invalidInput;
    }
    throw error;
  }
}

/**
 * The district a command works on (by code, or the database's only one), in a database whose
 * schema is current; null, having said on standard error what to run first, when it is not.
 */
export async function districtToWorkOn(db: Kysely<Database>, io: CliIo, code: string | undefined) {
  const { pending } = await migrationStatus(db);
  if (pending.length) {
    io.stderr.write(`homeroom: ${pending.length} migration(s) pending: run 'homeroom migrate' first\n`);
    return null;
  }
  const district = await findDistrict(db, code);
  if (!district) io.stderr.write(code ? `homeroom: no district with code '${code}'\n` : "homeroom: the database holds no district yet: run 'homeroom seed'\n");
  return district ?? null;
}
