import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { primaryWalPosition, replayedUpTo } from './read-replica.repository.ts';
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
  ) {}

  /** The handle this request's lagging read goes to. */
  async handleFor(request: FastifyRequest, primary: Kysely<Database>): Promise<Kysely<Database>> {
    const written = request.cookies?.[WRITTEN_COOKIE];
    if (!written || !LSN.test(written)) return this.db;
    const end = Date.now() + this.waitMs;
    try {
      for (;;) {
        if (await replayedUpTo(this.db, written)) return this.db;
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
