import type { Command } from './command.ts';

/** Every homeroom command, loaded on demand so that `homeroom gpa` never pays for the server. */
export const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: { summary: 'start the Homeroom server (API and web app)', load: async () => (await import('./serve.ts')).serveCommand },
  worker: { summary: 'run background jobs (scheduling runs, recomputes) queued by the servers', load: async () => (await import('./worker.ts')).workerCommand },
  migrate: { summary: 'bring the database schema up to date', load: async () => (await import('./migrate.ts')).migrateCommand },
  gpa: { summary: 'compute GPAs and credits of transcripts (homeroom.gpa/v1)', load: async () => (await import('./gpa.ts')).gpaCommand },
  audit: { summary: 'audit transcripts against graduation requirements (homeroom.audit/v1)', load: async () => (await import('./audit.ts')).auditCommand },
  schedule: { summary: 'schedule students into sections from a file (the same engine as the server)', load: async () => (await import('./schedule.ts')).scheduleCommand },
  import: { summary: 'import records from files (attendance taken on paper, a district from OneRoster)', load: async () => (await import('./import-attendance.ts')).importCommand },
  seed: { summary: 'load a synthetic district (never real students)', load: async () => (await import('./seed.ts')).seedCommand },
  export: { summary: 'export the district as a OneRoster 1.2 CSV bulk package', load: async () => (await import('./export-oneroster.ts')).exportCommand },
  'oauth-client': { summary: 'register an OAuth 2.0 client that reads rosters over OneRoster', load: async () => (await import('./oauth-client.ts')).oauthClientCommand },
  readiness: { summary: 'the Go/No-Go report from figures (homeroom.readiness/v1)', load: async () => (await import('./readiness.ts')).readinessCommand },
  'load-test': { summary: "replay the first morning's attendance at 10× the expected peak against this deployment", load: async () => (await import('./load-test.ts')).loadTestCommand },
  recompute: { summary: "recompute every secondary student's GPAs and credits", load: async () => (await import('./recompute.ts')).recomputeCommand },
};
