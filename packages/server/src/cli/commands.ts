import type { Command } from './command.ts';

/** Every homeroom command, loaded on demand so that `homeroom gpa` never pays for the server. */
export const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: { summary: 'start the Homeroom server (API and web app)', load: async () => (await import('./serve.ts')).serveCommand },
  migrate: { summary: 'bring the database schema up to date', load: async () => (await import('./migrate.ts')).migrateCommand },
  import: { summary: 'import records from a file (attendance taken on paper)', load: async () => (await import('./import-attendance.ts')).importCommand },
  seed: { summary: 'load a synthetic district (never real students)', load: async () => (await import('./seed.ts')).seedCommand },
};
