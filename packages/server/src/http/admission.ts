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
 *
 * A refusal costs a round trip and a teacher's place, so a request is refused only when its wait
 * would be too long, not merely because many wait: the server counts how many requests it answers
 * a second, and queues a request unless those ahead of it would take longer than `maxWaitMs`
 * (`queued` stays the bound on memory). Saves go ahead of reads: a teacher's marks not yet saved
 * are the work that must not be lost, and a teacher who has the roster is one save from done; when
 * the queue is full a save takes the place of the read that came last, which is refused instead.
 */
export interface AdmissionLimits {
  concurrent: number;
  queued: number;
  maxWaitMs: number;
  /** Retry-After while the server has not yet measured how fast it answers. */
  retryAfterSeconds: number;
}

// Concurrent: a pool of ten connections kept busy with a request ready behind each (more only wait
// for a connection inside the app, where saves cannot pass reads). Queued: the bound on memory.
// maxWaitMs: a refused request comes back to a queue no shorter, so a refusal saves the teacher no
// time and costs both sides a round trip; the morning bench's bell, refusing past 5 s of queue on
// a loaded machine, answered five 503s for every save it stored. Past 20 s a teacher is better
// told (the web app shows the save waiting and when it goes again), and proxies time out at 30–60.
export const DEFAULT_ADMISSION: AdmissionLimits = { concurrent: 32, queued: 1024, maxWaitMs: 20_000, retryAfterSeconds: 2 };

/** Requests that are never turned away: a load balancer asking about the server. */
const EXEMPT = new Set(['/api/health', '/api/ready']);

/** The longest Retry-After the estimate gives: past it the estimate is no better than a guess. */
const LONGEST_RETRY_AFTER_SECONDS = 30;

const ADMITTED = Symbol('admitted');

export interface Admission {
  /** Served now, and waiting. */
  readonly serving: number;
  readonly waiting: number;
  readonly refused: number;
  /** Requests answered a second lately, null until measured. */
  readonly answeredPerSecond: number | null;
}

interface Waiter {
  /** true: its turn came (a slot handed over); false: refused (waited too long, or a save took its place). */
  settle: (admitted: boolean) => void;
}

/** Requests answered a second, over half-second windows, smoothed. */
function answerRate(now: () => number) {
  let since = now();
  let answered = 0;
  let perSecond: number | null = null;
  return {
    answered() {
      answered++;
      const elapsed = now() - since;
      if (elapsed < 500) return;
      const measured = (answered * 1000) / elapsed;
      perSecond = perSecond === null ? measured : 0.6 * perSecond + 0.4 * measured;
      since += elapsed;
      answered = 0;
    },
    get perSecond() {
      return perSecond;
    },
  };
}

/** `now`: milliseconds, for the rate (a test's clock). */
export function registerAdmission(app: FastifyInstance, limits: AdmissionLimits, now: () => number = () => performance.now()): Admission {
  let serving = 0;
  let refused = 0;
  const saves: Waiter[] = [];
  const reads: Waiter[] = [];
  const rate = answerRate(now);
  const release = (request: FastifyRequest) => {
    const marked = request as FastifyRequest & { [ADMITTED]?: boolean };
    if (!marked[ADMITTED]) return;
    marked[ADMITTED] = false;
    rate.answered();
    const next = saves.shift() ?? reads.shift();
    if (next) next.settle(true);
    else serving--;
  };
  /** Seconds for `ahead` requests to be answered at the rate measured; null until measured. */
  const secondsFor = (ahead: number) => (rate.perSecond ? ahead / rate.perSecond : null);
  const retryAfter = () => {
    // Come back once those waiting now have been answered: sooner, the queue is as full as it was
    // and the retry is refused again; later, the server may sit idle. Unmeasured: a fixed guess,
    // spread over a second or two so that those refused together do not come back together.
    const seconds = secondsFor(saves.length + reads.length);
    if (seconds === null) return limits.retryAfterSeconds + Math.floor(Math.random() * 2);
    return Math.min(LONGEST_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(seconds)));
  };
  const busy = (request: FastifyRequest, reply: FastifyReply) => {
    refused++;
    reply.header('retry-after', String(retryAfter()));
    return sendProblem(request, reply, new Problem(503, 'server-busy', 'Homeroom is busy', 'Nothing was changed. Your request will be sent again in a moment.'));
  };
  const tooLong = (ahead: number) => (secondsFor(ahead) ?? 0) * 1000 > limits.maxWaitMs;
  const wait = (queue: Waiter[]) =>
    new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        settle: (admitted) => {
          clearTimeout(timer);
          resolve(admitted);
        },
      };
      // The estimate was wrong (the server slowed down): no request waits longer than maxWaitMs.
      const timer = setTimeout(() => {
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        resolve(false);
      }, limits.maxWaitMs);
      queue.push(waiter);
    });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/') || EXEMPT.has(request.url.split('?')[0]!)) return;
    if (serving < limits.concurrent) {
      serving++;
    } else {
      const save = request.method !== 'GET' && request.method !== 'HEAD';
      let queue: Waiter[] | null = null;
      if (save) {
        // A save waits behind the saves only: reads make room for it.
        if (!tooLong(saves.length + 1)) {
          if (saves.length + reads.length < limits.queued) queue = saves;
          else if (reads.length > 0) {
            reads.pop()!.settle(false);
            queue = saves;
          }
        }
      } else if (saves.length + reads.length < limits.queued && !tooLong(saves.length + reads.length + 1)) {
        queue = reads;
      }
      // A slot handed over by a finishing request: `serving` stays as it is.
      if (!queue || !(await wait(queue))) return busy(request, reply);
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
      return saves.length + reads.length;
    },
    get refused() {
      return refused;
    },
    get answeredPerSecond() {
      return rate.perSecond;
    },
  };
}
