import { isIP } from 'node:net';
import { buildApp } from '../app.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { describeTarget, openAndCheckDatabase } from '../db/connection.ts';
import { migrate, MigrationError, migrationStatus } from '../db/migrator.ts';
import { keepPlannerStatistics } from '../db/planner-statistics.ts';
import { ReadReplica } from '../db/read-replica.ts';
import { DEFAULT_ADMISSION, type AdmissionLimits } from '../http/admission.ts';
import { warmUp } from '../http/readiness.ts';
import { systemClock } from '../clock.ts';
import { inProcessJobQueue, pgBossJobQueue, pgBossOptionsFromEnv, startPgBoss, type JobQueue } from '../jobs/queue.ts';
import { alertMinutesFromEnv, watchAlerts } from '../modules/alerts/watch-alerts.ts';
import { alertMailFromEnv } from '../modules/alerts/send-alert-digests.ts';
import { servingRole } from '../db/serving-role.ts';
import { findDistrict } from '../modules/district/district.repository.ts';
import { failAbandonedRuns } from '../modules/scheduling/scheduling-run.repository.ts';
import { accountsWithDemoPassword, DEMO_PASSWORD, setDemoPasswords } from '../auth/demo-accounts.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { EXIT, parseOptions, UsageError, type Command } from './command.ts';
import { runWithOperatorErrors } from './operator-errors.ts';

const DEMO_STUDENTS = 3000;
const DEMO_DISTRICT = 'HUSD';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Loads the demo district when there is none yet, or when its first load was stopped half-way
 * (the district is marked loading until its last school and its passwords are in): then it is
 * removed and loaded again from the start, never served half-loaded. False when another process is
 * loading a district into the same database right now.
 */
async function loadDemoWhenNeeded(handle: DatabaseHandle, demo: boolean, say: (line: string) => void): Promise<boolean> {
  const { interruptedLoads, LoadRunningError, seedDistrict, whileLoading } = await import('../db/seed/index.ts');
  const interrupted = await interruptedLoads(handle.db);
  const demoInterrupted = interrupted.find((d) => d.code === DEMO_DISTRICT);
  for (const district of interrupted) {
    if (demo && district === demoInterrupted) continue;
    say(`  district ${district.code} is half-loaded (${count(district.schools)} schools, ${count(district.students)} students in): its load was stopped, or is still running elsewhere; ${district.code === DEMO_DISTRICT ? "'homeroom serve --demo'" : `'homeroom seed --district-code ${district.code}'`} loads it again from the start`);
  }
  if (!demo || (!demoInterrupted && (await findDistrict(handle.db)))) return true;
  const started = Date.now();
  try {
    const summary = await whileLoading(handle, () => {
      if (demoInterrupted) say(`  the demo district's first load was stopped half-way (${count(demoInterrupted.schools)} schools, ${count(demoInterrupted.students)} students in): loading it again from the start`);
      say(`Loading a demo district (${count(DEMO_STUDENTS)} synthetic students with their history); this happens once…`);
      return seedDistrict(handle.db, {
        seed: 1,
        students: DEMO_STUDENTS,
        districtCode: DEMO_DISTRICT,
        startOver: true,
        onProgress: ({ phase, done, total }) => {
          if (phase === 'schools') say(`  ${done} of ${total} schools generated`);
        },
        afterLoad: (loaded) => setDemoPasswords(handle.db, loaded.demoUsers),
      });
    });
    say(`  demo district loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.schools} schools, ${summary.students} students, ${summary.marks} transcript marks`);
    // The graduation lists, the seniors-at-risk chart and the readiness report read the stored
    // audits: a demo without them would show an empty worklist where a district has one.
    const { recomputeDistrictAudits } = await import('../modules/graduation/recompute-audits.ts');
    const audits = await recomputeDistrictAudits(handle.db, summary.districtId);
    say(`  graduation audits of ${count(audits.students)} students kept in ${audits.seconds.toFixed(1)} s: ${count(audits.seniorsAtRisk)} seniors at risk`);
    return true;
  } catch (error) {
    if (!(error instanceof LoadRunningError)) throw error;
    say(`homeroom: ${error.message}`);
    return false;
  }
}

/** node-postgres's pool size, which openDatabase uses unless told otherwise. */
const DATABASE_POOL_SIZE = 10;

/**
 * HOMEROOM_MAX_CONCURRENT requests served at once, HOMEROOM_MAX_QUEUED waiting at most, none
 * longer than HOMEROOM_MAX_WAIT_SECONDS (see http/admission.ts); the defaults suit a server on two
 * cores and a pool of ten connections.
 */
export function admissionFromEnv(env: NodeJS.ProcessEnv): AdmissionLimits {
  const whole = (name: string, fallback: number, min: number) => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > 100_000) throw new ConfigError(`${name} must be a whole number from ${min} to 100000, got '${text}'`);
    return value;
  };
  return {
    ...DEFAULT_ADMISSION,
    concurrent: whole('HOMEROOM_MAX_CONCURRENT', DEFAULT_ADMISSION.concurrent, 1),
    queued: whole('HOMEROOM_MAX_QUEUED', DEFAULT_ADMISSION.queued, 0),
    maxWaitMs: whole('HOMEROOM_MAX_WAIT_SECONDS', DEFAULT_ADMISSION.maxWaitMs / 1000, 1) * 1000,
  };
}

/** Only this computer can reach a server listening here. */
export function isLoopback(host: string): boolean {
  const address = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (address === 'localhost' || address === '::1') return true;
  if (isIP(address) === 4) return address.startsWith('127.');
  return address.startsWith('::ffff:127.');
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'start the Homeroom server (API and web app)',
  help: `Usage: homeroom serve [--demo [--allow-demo-passwords]] [--skip-migrate]

Starts the API and the web app on http://localhost:$PORT (default 3000).
The database is PostgreSQL when DATABASE_URL is set, else the embedded database
in HOMEROOM_DATA_DIR (default ./data/homeroom). Pending migrations are applied first.
On PostgreSQL it refuses to start when its role could rewrite the audit trail: migrate
as the database's owner, serve as a role in homeroom_app (docs/operations.md).

Options:
  --demo           when the database holds no district yet, load a demo district made by
                   the synthetic generator (${DEMO_STUDENTS.toLocaleString('en-US')} students; never real students);
                   its accounts have the published password ${DEMO_PASSWORD}. Listens on
                   127.0.0.1 unless HOST says otherwise; cookies work over plain http
  --allow-demo-passwords
                   with --demo, allow the demo on PostgreSQL or on an address other
                   computers can reach (HOST), where anyone could sign in as its accounts
  --skip-migrate   do not apply migrations; refuse to start if any are pending

Environment:
  PORT, HOST (default 0.0.0.0; 127.0.0.1 with --demo), DATABASE_URL, HOMEROOM_DATA_DIR,
  LOG_LEVEL (default info), TRUST_PROXY (off; the addresses of the proxies in front),
  SECURE_COOKIES (on; off with --demo), AUDIT_ROLE_CHECK (refuse, or warn),
  HOMEROOM_ALERT_MINUTES (5: how often the alert rules are judged; 0 for never),
  SMTP_URL (the mail relay alerts are sent through, smtp://user:password@host:587),
  SMTP_FROM (the alert mail's sender), PUBLIC_URL (Homeroom's address, for links in mail),
  HOMEROOM_JOBS (on PostgreSQL jobs go to 'homeroom worker'; in-process runs them here),
  DATABASE_READ_URL (a streaming replica for reports and lists), DATABASE_PREPARED_STATEMENTS
  (off behind PgBouncer in transaction mode), HOMEROOM_MAX_CONCURRENT (32 requests served at
  once), HOMEROOM_MAX_QUEUED (at most 1024 more waiting, saves first),
  HOMEROOM_MAX_WAIT_SECONDS (20: none waits longer; beyond them 503 with Retry-After)
  OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI (all or none: single
  sign-on with the district's identity provider), OIDC_SCOPES, OIDC_EMPLOYEE_ID_CLAIM,
  OIDC_STUDENT_ID_CLAIM; see docs/accounts-and-audit.md
`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { demo: { type: 'boolean' }, 'allow-demo-passwords': { type: 'boolean' }, 'skip-migrate': { type: 'boolean' } });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (values['allow-demo-passwords'] && !values.demo) throw new UsageError('--allow-demo-passwords goes with --demo');
    return runWithOperatorErrors(io, async () => {
      const config = loadConfig(process.env, { demo: values.demo });
      const alertMinutes = alertMinutesFromEnv(process.env);
      // A mistyped SMTP_URL stops the start, rather than the first alert mail hours later.
      alertMailFromEnv(process.env);
      // Demo accounts with a published password belong on this computer's embedded database only.
      if (values.demo && !values['allow-demo-passwords']) {
        if (config.database.kind === 'postgres') {
          throw new ConfigError(`--demo on PostgreSQL would give accounts the published password ${DEMO_PASSWORD} in a database meant for real records; for a throwaway demo database add --allow-demo-passwords`);
        }
        if (!isLoopback(config.host)) {
          throw new ConfigError(`--demo with HOST=${config.host} would let other computers sign in with the published password ${DEMO_PASSWORD}; leave HOST unset (127.0.0.1), or add --allow-demo-passwords`);
        }
      }
      const say = (line: string) => io.stderr.write(`${line}\n`);
      say(`Homeroom: opening the ${describeTarget(config.database)}…`);
      const handle = await openAndCheckDatabase(config.database);
      let closing = false;
      let statistics: ReturnType<typeof keepPlannerStatistics> | undefined;
      let jobs: JobQueue | undefined;
      let replicaHandle: DatabaseHandle | undefined;
      let alerts: { stop(): void; jobs: JobQueue } | undefined;
      const shutdown = async () => {
        if (closing) return;
        closing = true;
        alerts?.stop();
        await statistics?.stop();
        await app?.close().catch(() => undefined);
        await jobs?.close().catch(() => undefined);
        if (alerts && alerts.jobs !== jobs) await alerts.jobs.close().catch(() => undefined);
        await replicaHandle?.close().catch(() => undefined);
        await handle.close().catch(() => undefined);
      };
      let app: Awaited<ReturnType<typeof buildApp>> | undefined;
      try {
        if (values['skip-migrate']) {
          const { pending } = await migrationStatus(handle.db);
          if (pending.length) {
            say(`homeroom: ${pending.length} migration(s) pending (${pending.join(', ')}): run 'homeroom migrate' first`);
            await shutdown();
            return EXIT.invalidInput;
          }
        } else if ((await migrationStatus(handle.db)).pending.length) {
          // Only when something is pending: the role the server serves as may not create tables.
          await migrate(handle.db, (line) => say(`  ${line}`)).catch((error: unknown) => {
            if ((error as { code?: string }).code !== '42501') throw error;
            throw new MigrationError(`migrations are pending and this database role may not apply them (${(error as Error).message}): run 'homeroom migrate' as the database's owner first`);
          });
        }
        // The embedded database has one user, in this process, on files whoever runs the server can
        // change: separate roles would protect nothing there.
        if (handle.target.kind === 'postgres') {
          const { role, canRewriteAuditTrail } = await servingRole(handle.db);
          if (canRewriteAuditTrail) {
            const problem = `the database role ${role} may UPDATE, DELETE or TRUNCATE audit_event, so the audit trail is not append-only`;
            if (config.auditRoleCheck === 'refuse') {
              say(`homeroom: ${problem}: migrate as the owner and serve as a role in homeroom_app (docs/operations.md), or set AUDIT_ROLE_CHECK=warn to start anyway`);
              await shutdown();
              return EXIT.invalidInput;
            }
            say(`\n!!! WARNING: ${problem}. Started anyway because AUDIT_ROLE_CHECK=warn: never do this with real students' records (docs/operations.md). !!!\n`);
          }
        }
        const abandoned = await failAbandonedRuns(handle.db);
        if (abandoned) say(`  ${abandoned} scheduling run(s) left unfinished by an earlier stop marked failed (schedules untouched)`);
        if (!(await loadDemoWhenNeeded(handle, Boolean(values.demo), say))) {
          await shutdown();
          return EXIT.invalidInput;
        }
        // On PostgreSQL the servers only queue jobs and `homeroom worker` runs them, unless the
        // operator keeps them in the server (HOMEROOM_JOBS=in-process: one server, no worker).
        if (handle.target.kind === 'postgres' && process.env.HOMEROOM_JOBS?.trim().toLowerCase() !== 'in-process') {
          jobs = pgBossJobQueue(await startPgBoss(pgBossOptionsFromEnv(handle.target.url), { supervise: false }), pgBossOptionsFromEnv(handle.target.url));
          say("  jobs are queued for workers: start 'homeroom worker' (HOMEROOM_JOBS=in-process runs them in this server instead)");
        }
        if (config.readDatabase) {
          say(`  reports and lists read from the replica: ${describeTarget(config.readDatabase)}`);
          replicaHandle = await openAndCheckDatabase(config.readDatabase);
        }
        const readReplica = replicaHandle ? new ReadReplica(replicaHandle.db) : undefined;
        app = await buildApp({ db: handle.db, sso: config.sso, trustProxy: config.trustProxy, secureCookies: config.secureCookies, jobs, readReplica, coldStart: true, admission: admissionFromEnv(process.env) }, { logger: { level: config.logLevel } });
        try {
          await app.listen({ port: config.port, host: config.host });
        } catch (error) {
          const code = (error as { code?: string }).code;
          await shutdown();
          if (code === 'EADDRINUSE') say(`homeroom: port ${config.port} is already in use: stop the program using it or set PORT to another port`);
          else if (code === 'EACCES') say(`homeroom: not allowed to listen on port ${config.port}: choose a port above 1023 with PORT`);
          else say(`homeroom: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
          return EXIT.invalidInput;
        }
        // Listening first, so that a load balancer hears 'warming up' (/api/ready), not silence.
        const warmUpMs = await warmUp(app, handle.db, { connections: handle.target.kind === 'postgres' ? DATABASE_POOL_SIZE : 1, clock: systemClock });
        app.log.info({ warmUpMs }, 'warmed up: ready for requests');
        // The embedded database serves one school office's demo, not a district's morning.
        if (handle.target.kind === 'postgres') {
          const log = app.log;
          statistics = keepPlannerStatistics(handle.db, { onAnalyzed: (tables) => log.info({ tables }, 'analyzed tables that grew, so that the plans kept for them fit their size') });
        }
        // The alert rules are judged by a recurring background job (HOMEROOM_ALERT_MINUTES).
        const alertJobs = jobs ?? inProcessJobQueue(handle.db);
        const alertLog = app.log;
        alerts = { jobs: alertJobs, ...watchAlerts(handle.db, alertJobs, alertMinutes, (error) => alertLog.error({ err: { message: (error as Error).message } }, 'could not queue the alert evaluation')) };
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown());
        const url = `http://localhost:${config.port}`;
        say(`\nHomeroom is ready: open ${url} in a browser (API health: ${url}/api/health; ready for traffic: ${url}/api/ready).`);
        const demo = await accountsWithDemoPassword(handle.db);
        if (demo.length && handle.target.kind === 'embedded' && isLoopback(config.host)) {
          say(`Sign in as ${demo.join(', ')} — password ${DEMO_PASSWORD} (a synthetic district: no real students).`);
        } else if (demo.length) {
          say(`\n!!! WARNING: ${demo.join(', ')} still have the published demo password ${DEMO_PASSWORD}: anyone who can reach ${config.host}:${config.port} can sign in as them. Give them new passwords or disable them. !!!\n`);
        }
        say('Stop it with Ctrl+C.');
        await new Promise<void>((resolve) => app!.server.once('close', () => resolve()));
        await shutdown();
        return EXIT.ok;
      } catch (error) {
        await shutdown();
        throw error;
      }
    });
  },
};
