import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { primaryWalPosition, replayedUpTo } from './read-replica.repository.ts';
import type { Handle } from './handle.ts';
import type { Database } from './schema.ts';

/**
 * The cookie that carries the primary's log position after a person's last write, so that any
 * server (they share nothing in memory) can tell whether the replica has that write yet.
 */
export const WRITTEN_COOKIE = 'homeroom_written';
/** After five minutes a replica has the write, or is so far behind that its operator knows. */
const WRITTEN_COOKIE_SECONDS = 300;
/**
 * How long a read that may lag waits for the replica to replay its reader's last write before it
 * goes to the primary instead: a replica a few milliseconds behind serves it; a stalled one does
 * not hold the reader up.
 */
export const READ_YOUR_WRITES_WAIT_MS = 200;
/**
 * How long a background job (an export) waits for the replica to replay what the primary had when
 * the job began: a job runs for seconds or minutes, so a short wait costs nothing and spares the
 * primary the job's whole read.
 */
export const JOB_CATCH_UP_WAIT_MS = 5000;

const LSN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;

/**
 * A streaming replica of the primary (DATABASE_READ_URL) for reads that may lag: reports, lists,
 * exports. A person who has just saved reads their own write: their read goes to the replica only
 * once it has replayed past their last write, else to the primary.
 */
export class ReadReplica {
  constructor(
    readonly db: Kysely<Database>,
    private readonly waitMs = READ_YOUR_WRITES_WAIT_MS,
    private readonly jobWaitMs = JOB_CATCH_UP_WAIT_MS,
  ) {}

  /** The handle this request's lagging read goes to. */
  async handleFor(request: FastifyRequest, primary: Kysely<Database>): Promise<Kysely<Database>> {
    const written = request.cookies?.[WRITTEN_COOKIE];
    if (!written || !LSN.test(written)) return this.db;
    return this.onceReplayed(written, primary, this.waitMs);
  }

  /**
   * The handle a background job's reads that may lag go to: the replica once it has replayed all
   * the primary had when the job began (the save its requester made before asking is in it), else
   * the primary. A job carries no cookie: it waits for the primary's position of now.
   */
  async handleForJob(primary: Kysely<Database>): Promise<Kysely<Database>> {
    try {
      return await this.onceReplayed(await primaryWalPosition(primary), primary, this.jobWaitMs);
    } catch {
      return primary;
    }
  }

  private async onceReplayed(position: string, primary: Kysely<Database>, waitMs: number): Promise<Kysely<Database>> {
    const end = Date.now() + waitMs;
    try {
      for (;;) {
        if (await replayedUpTo(this.db, position)) return this.db;
        if (Date.now() >= end) return primary;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } catch {
      // A replica that cannot answer is no reason to fail a read the primary can serve.
      return primary;
    }
  }

  /** After a write: remember where the primary's log stood, in the writer's cookie. */
  async rememberWrite(reply: FastifyReply, primary: Kysely<Database>, secure: boolean): Promise<void> {
    const lsn = await primaryWalPosition(primary);
    const cookie = `${WRITTEN_COOKIE}=${lsn}; Max-Age=${WRITTEN_COOKIE_SECONDS}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
    const existing = reply.getHeader('set-cookie');
    reply.header('set-cookie', existing === undefined ? cookie : [...(Array.isArray(existing) ? existing : [String(existing)]), cookie]);
  }
}

/**
 * Where an audited read's audit rows go: into the read's own transaction when it reads the
 * primary; to the primary itself when it reads the replica, which is read-only. Either way they
 * are written before the answer goes out, and a failed write fails the read.
 */
export const auditTarget = (trx: Handle, read: Kysely<Database>, primary: Kysely<Database>): Handle => (read === primary ? trx : primary);
