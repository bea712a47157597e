import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './pgbouncer.ts';

const BIN = '/usr/lib/postgresql/15/bin';

export interface RunningReplica {
  /** `primaryUrl` (any database of the primary) with the replica's port in place of the primary's. */
  urlFor(primaryUrl: string): string;
  port: number;
  /** Stops replaying the primary's log, so that the replica lags as long as a test needs. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs a PostgreSQL program, as postgres when this process is root (PostgreSQL refuses root). */
function run(program: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const result = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(BIN, program), ...args], { encoding: 'utf8' }) : spawnSync(path.join(BIN, program), args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error?.message}`);
}

async function query(url: string, text: string): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A streaming replica of the PostgreSQL 15 cluster at `primaryUrl`, as an operator makes one:
 * pg_basebackup of the primary into a temporary folder, then a second postgres on a free port
 * that follows the primary's log (hot standby, read-only). The primary must allow replication
 * connections from 127.0.0.1 (.ci/run adds the pg_hba.conf line).
 */
export async function startReplica(primaryUrl: string): Promise<RunningReplica> {
  const primary = new URL(primaryUrl);
  const dir = mkdtempSync(path.join(tmpdir(), 'homeroom-replica-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  chmodSync(dir, 0o700);
  const port = await freePort();
  // A hot standby needs these at least as high as the primary's.
  const settings = await query(primaryUrl, `select name, setting from pg_settings where name in ('max_connections', 'max_worker_processes', 'max_locks_per_transaction', 'max_prepared_transactions', 'max_wal_senders')`);
  try {
    run('pg_basebackup', ['-h', primary.hostname, '-p', primary.port || '5432', '-U', decodeURIComponent(primary.username || 'postgres'), '-D', data, '-R', '-X', 'stream', '-c', 'fast']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\nThe primary must allow replication from 127.0.0.1: 'host replication all 127.0.0.1/32 trust' in its pg_hba.conf (.ci/run adds it).`);
  }
  // Debian keeps a cluster's configuration outside its data folder: the copy has none of its own.
  writeFileSync(
    path.join(data, 'postgresql.conf'),
    [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      'hot_standby = on',
      'shared_buffers = 32MB',
      'fsync = off',
      ...settings.map((s) => `${String(s.name)} = ${String(s.setting)}`),
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    for (const file of ['postgresql.conf', 'pg_hba.conf']) chownSync(path.join(data, file), id('-u'), id('-g'));
  }
  const stop = async () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Not running: nothing to stop.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'replica.log'), '-w', '-t', '30', 'start']);
  } catch (error) {
    await stop();
    throw error;
  }
  const urlFor = (url: string) => {
    const replica = new URL(url);
    replica.hostname = '127.0.0.1';
    replica.port = String(port);
    return replica.toString();
  };
  const admin = urlFor(primaryUrl);
  const recovering = await query(admin, 'select pg_is_in_recovery() as standby');
  if (recovering[0]?.standby !== true) {
    await stop();
    throw new Error('the copy started, but not as a standby');
  }
  return {
    port,
    urlFor,
    pauseReplay: async () => void (await query(admin, 'select pg_wal_replay_pause()')),
    resumeReplay: async () => void (await query(admin, 'select pg_wal_replay_resume()')),
    stop,
  };
}
