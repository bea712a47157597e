import { ConfigError } from '../config.ts';
import { DatabaseUnavailableError } from '../db/connection.ts';
import { MigrationError } from '../db/migrator.ts';
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
