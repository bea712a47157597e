import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { Problem } from './problem.ts';

/**
 * Fastify's own refusals, each with a code a program can rely on and words a person can act on.
 * Keyed by Fastify's error code; anything else keeps its status under a code named after it.
 */
const FRAMEWORK_PROBLEMS: Record<string, { code: string; title: string; detail?: string }> = {
  FST_ERR_BAD_URL: { code: 'bad-url', title: 'The address could not be read', detail: 'Part of the address is not valid text (UTF-8 percent-encoding). Check the link; nothing was changed.' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'address-too-long', title: 'The address is too long', detail: 'Nothing was changed.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported-media-type', title: 'This kind of body is not accepted', detail: 'Send the body as JSON, with Content-Type: application/json.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'body-too-large', title: 'The request is too large', detail: 'A request may carry at most 1 MB. Split a large file into smaller ones; nothing was changed.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'empty-body', title: 'The request has no body', detail: 'The request says it carries JSON but is empty. Send a JSON object ({} when no field is needed).' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed-json', title: 'The body is not valid JSON', detail: 'Send the body as a JSON object; nothing was changed.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'content-length-mismatch', title: 'The request arrived incomplete', detail: 'The body was not as long as its Content-Length said. Send it again; nothing was changed.' },
};

const BY_STATUS: Record<number, string> = { 400: 'bad-request', 404: 'no-such-route', 405: 'method-not-allowed', 406: 'not-acceptable', 408: 'request-timeout', 413: 'body-too-large', 414: 'address-too-long', 415: 'unsupported-media-type', 431: 'headers-too-large' };

const INTERNAL = () => new Problem(500, 'internal-error', 'Something went wrong on our side', 'Nothing was changed. Try again; if it keeps happening, tell the help desk the time it happened.');

// A failed request is read twice, by the help desk's copy (the route's onError) and by the answer:
// one problem for both, so the code the help desk sees is the one the person was shown.
const problemOfError = new WeakMap<Error, Problem>();

/** Any error as a problem document: ours as they are, the framework's by its code, the rest as an internal error. */
export function problemFor(error: Error & { statusCode?: number; code?: string }): Problem {
  if (error instanceof Problem) return error;
  let problem = problemOfError.get(error);
  if (!problem) {
    problem = translate(error);
    problemOfError.set(error, problem);
  }
  return problem;
}

function translate(error: Error & { statusCode?: number; code?: string }): Problem {
  const known = error.code ? FRAMEWORK_PROBLEMS[error.code] : undefined;
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) return INTERNAL();
  if (known) return new Problem(status, known.code, known.title, known.detail);
  return new Problem(status, BY_STATUS[status] ?? `http-${status}`, 'The request could not be read', error.message);
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  return reply.code(problem.status).type('application/problem+json').send(problem.toDocument(request.url));
}

export function answerError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const problem = problemFor(error);
  if (problem.status === 500) request.log.error({ err: { type: error.name, message: error.message } }, 'request failed');
  if (typeof problem.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(problem.extra.retryAfterSeconds));
  if (request.url.startsWith(ONEROSTER_PATH)) return reply.code(problem.status).type('application/json').send(imsxStatus(problem));
  return sendProblem(request, reply, problem);
}

export const ONEROSTER_PATH = '/ims/oneroster/';

/** Homeroom's problem codes as the OneRoster binding's minor codes (imsx_CodeMinor). */
const IMSX_MINOR: Record<string, string> = {
  'sign-in-required': 'unauthorisedrequest',
  'token-scope': 'forbidden',
  'role-not-allowed': 'forbidden',
  'not-found': 'unknownobject',
  'no-such-route': 'unknownobject',
  'invalid-request': 'invaliddata',
  'internal-error': 'internal_server_error',
};

/**
 * An error of the OneRoster service in the binding's own shape (imsx_StatusInfo), not a problem
 * document: OneRoster clients read imsx_codeMajor and the minor code.
 */
export function imsxStatus(problem: Problem) {
  const minor = IMSX_MINOR[problem.code] ?? problem.code;
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: problem.detail ?? problem.title,
    imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: minor }] },
  };
}

/**
 * Errors met before a request has a route (an address that is not valid UTF-8, a parameter past
 * the router's limit), or before it is a request at all (a malformed or timed-out HTTP message):
 * Fastify answers these itself, in its own JSON, unless told otherwise.
 */
export const problemServerOptions = {
  frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => answerError(error, request, reply),
  clientErrorHandler: answerClientError,
  // Fastify's own 503 while closing is its own JSON: refuseWhileClosing answers it instead.
  return503OnClosing: false,
} satisfies Partial<FastifyServerOptions>;

/** The status Node gives a malformed HTTP message, as a problem document on the raw socket. */
function answerClientError(error: { code?: string }, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const [status, code, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request-timeout', 'The request took too long to arrive; nothing was changed. Send it again.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers-too-large', 'The request headers are too large (often too many cookies); nothing was changed.']
        : [400, 'malformed-request', 'The request was not a well-formed HTTP message; nothing was changed.'];
  const problem = new Problem(status, code, STATUS_CODES[status] ?? 'Bad request', detail);
  const body = JSON.stringify(problem.toDocument());
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** While the server closes, new requests are told to come back (a load balancer sends them elsewhere). */
export function refuseWhileClosing(closing: () => boolean) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!closing()) return;
    reply.header('connection', 'close');
    return sendProblem(request, reply, new Problem(503, 'shutting-down', 'Homeroom is restarting', 'Nothing was changed. Try again in a moment.'));
  };
}
