import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from './problem.ts';
import { sendProblem } from './errors.ts';

/**
 * How much work a server takes on at once. At the bell every teacher of a district saves within
 * minutes; a server that lets every request in makes every one of them wait behind all the others
 * (the morning bench's teachers waited 29 s). Past `concurrent` requests being served, up to
 * `queued` more wait their turn, each at most `maxWaitMs`; the rest are answered at once with 503
 * and Retry-After, which the web app's attendance save honours, so that the server keeps
 * answering those it has taken in quickly and the others come back when it has room.
 */
export interface AdmissionLimits {
  concurrent: number;
  queued: number;
  maxWaitMs: number;
  retryAfterSeconds: number;
}

export const DEFAULT_ADMISSION: AdmissionLimits = { concurrent: 64, queued: 256, maxWaitMs: 5_000, retryAfterSeconds: 2 };

/** Requests that are never turned away: a load balancer asking about the server. */
const EXEMPT = new Set(['/api/health', '/api/ready']);

const ADMITTED = Symbol('admitted');

export interface Admission {
  /** Served now, and waiting. */
  readonly serving: number;
  readonly waiting: number;
  readonly refused: number;
}

export function registerAdmission(app: FastifyInstance, limits: AdmissionLimits): Admission {
  let serving = 0;
  let refused = 0;
  const waiting: Array<() => void> = [];
  const release = (request: FastifyRequest) => {
    const marked = request as FastifyRequest & { [ADMITTED]?: boolean };
    if (!marked[ADMITTED]) return;
    marked[ADMITTED] = false;
    const next = waiting.shift();
    if (next) next();
    else serving--;
  };
  const busy = (request: FastifyRequest, reply: FastifyReply) => {
    refused++;
    // Spread the retries over a second or two, so that those refused together do not come back together.
    reply.header('retry-after', String(limits.retryAfterSeconds + Math.floor(Math.random() * 2)));
    return sendProblem(request, reply, new Problem(503, 'server-busy', 'Homeroom is busy', 'Nothing was changed. Your request will be sent again in a moment.'));
  };
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/') || EXEMPT.has(request.url.split('?')[0]!)) return;
    if (serving < limits.concurrent) {
      serving++;
    } else if (waiting.length < limits.queued) {
      // A slot handed over by a finishing request: `serving` stays as it is.
      const admitted = await new Promise<boolean>((resolve) => {
        const turn = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          const at = waiting.indexOf(turn);
          if (at >= 0) waiting.splice(at, 1);
          resolve(false);
        }, limits.maxWaitMs);
        waiting.push(turn);
      });
      if (!admitted) return busy(request, reply);
    } else {
      return busy(request, reply);
    }
    (request as FastifyRequest & { [ADMITTED]?: boolean })[ADMITTED] = true;
  });
  app.addHook('onResponse', async (request) => release(request));
  app.addHook('onRequestAbort', async (request) => release(request));
  return {
    get serving() {
      return serving;
    },
    get waiting() {
      return waiting.length;
    },
    get refused() {
      return refused;
    },
  };
}
