import { loadConfig } from '../config.ts';
import { describeTarget, openAndCheckDatabase } from '../db/connection.ts';
import { migrate, migrationStatus } from '../db/migrator.ts';
import { EXIT, parseOptions, UsageError, type Command } from './command.ts';
import { runWithOperatorErrors } from './operator-errors.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'bring the database schema up to date',
  help: `Usage: homeroom migrate [--status]

Applies every pending migration to the database, each in its own transaction.
The database is PostgreSQL when DATABASE_URL is set, else the embedded database
in HOMEROOM_DATA_DIR (default ./data/homeroom).

Options:
  --status   list applied and pending migrations, change nothing
`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { status: { type: 'boolean' } });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    return runWithOperatorErrors(io, async () => {
      const config = loadConfig();
      const handle = await openAndCheckDatabase(config.database, { poolSize: 2 });
      try {
        if (values.status) {
          const status = await migrationStatus(handle.db);
          io.stdout.write(`${describeTarget(config.database)}\napplied: ${status.applied.length}\npending: ${status.pending.length ? status.pending.join(', ') : 'none'}\n`);
          return EXIT.ok;
        }
        const applied = await migrate(handle.db, (line) => io.stderr.write(`${line}\n`));
        io.stderr.write(applied.length ? `${describeTarget(config.database)}: ${applied.length} migration(s) applied, schema current\n` : `${describeTarget(config.database)}: schema already current\n`);
        return EXIT.ok;
      } finally {
        await handle.close();
      }
    });
  },
};
