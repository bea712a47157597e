/**
 * One way to talk to the Homeroom server. Every failure becomes either an ApiProblem (the server
 * answered with a problem document whose title and detail are written for school users) or a
 * NetworkFailure (the server did not answer), so screens never show a raw status code or stack.
 */

import type { FieldError } from '@homeroom/core/api/problem';
import type { FailedRequest } from '@homeroom/core/api/help-desk';
import { routeOf } from '@homeroom/core/help-desk/report';

export interface ProblemDocument {
  title: string;
  detail?: string;
  code?: string;
  status?: number;
  /** Each refused field of a request, as the server names it. */
  errors?: FieldError[];
  [extra: string]: unknown;
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly problem: ProblemDocument;
  /** When a busy server said to come back (its Retry-After, in seconds); null when it did not say. */
  readonly retryAfterSeconds: number | null;
  constructor(status: number, problem: ProblemDocument, retryAfterSeconds: number | null = null) {
    super(problem.title);
    this.name = 'ApiProblem';
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }
  get code(): string | undefined {
    return this.problem.code;
  }
}

export class NetworkFailure extends Error {
  constructor(cause?: unknown) {
    super('Homeroom did not answer', { cause });
    this.name = 'NetworkFailure';
  }
}

export const NETWORK_FAILURE_TITLE = 'Homeroom did not answer';
export const NETWORK_FAILURE_DETAIL = 'Check your connection; nothing was lost. Try again in a moment.';

// The session's CSRF token: the server returns it at sign-in and with the session, and every
// change must carry it. Kept in memory only (a script-readable cookie would defeat its purpose).
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Tests replace the network; the product always uses the browser's fetch. */
let fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args);
export function setFetch(replacement: typeof fetch): void {
  fetchImpl = replacement;
}

// The last failed requests, for a problem report: the problem code, the route (without its ids or
// query), the status and the request id the server gave, never a body, a header or a token. In
// memory only, and only the last few.
const FAILURES_KEPT = 10;
const failures: FailedRequest[] = [];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function rememberFailure(method: FailedRequest['method'], path: string, status: number, code: string | undefined, requestId: string | null): void {
  failures.push({
    method,
    route: routeOf(path),
    status,
    code: code && /^[a-z0-9-]{1,60}$/.test(code) ? code : status === 0 ? 'no-answer' : `http-${status}`,
    requestId: requestId && UUID.test(requestId) ? requestId : null,
    at: new Date().toISOString(),
  });
  if (failures.length > FAILURES_KEPT) failures.splice(0, failures.length - FAILURES_KEPT);
}

/** The last failed requests, oldest first (a copy). */
export function recentFailures(): FailedRequest[] {
  return failures.map((failure) => ({ ...failure }));
}

export function forgetFailures(): void {
  failures.length = 0;
}

export interface ApiResponse<T> {
  data: T;
  etag: string | null;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  // A file (a district package) goes as itself, streamed by the browser; anything else as JSON.
  const isFile = typeof Blob !== 'undefined' && options.body instanceof Blob;
  if (options.body !== undefined) headers['content-type'] ??= isFile ? 'application/octet-stream' : 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetchImpl(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : isFile ? (options.body as Blob) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    rememberFailure(method, path, 0, undefined, null);
    throw new NetworkFailure(error);
  }
  const text = await response.text().catch(() => '');
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) {
    const problem =
      parsed && typeof parsed === 'object' && typeof (parsed as ProblemDocument).title === 'string'
        ? (parsed as ProblemDocument)
        : fallbackProblem(response.status);
    rememberFailure(method, path, response.status, problem.code, response.headers.get('x-request-id'));
    throw new ApiProblem(response.status, problem, retryAfter(response.headers.get('retry-after')));
  }
  return { data: parsed as T, etag: response.headers.get('etag') };
}

export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await apiRequest<T>(path, { signal })).data;
}

export async function apiSend<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return (await apiRequest<T>(path, { method, body })).data;
}

/** Retry-After in seconds, given as seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** A proxy or a crashed server can answer without a problem document: still say it in words. */
function fallbackProblem(status: number): ProblemDocument {
  if (status === 502 || status === 503 || status === 504) {
    return { title: 'Homeroom is busy or restarting', detail: 'Nothing was lost. Wait a minute and try again; if it keeps happening, call the help desk.', status };
  }
  if (status === 404) return { title: 'Not found', detail: 'This page or record does not exist, or you cannot see it.', status };
  return { title: 'Something went wrong', detail: 'Try again; if it keeps happening, tell the help desk the time it happened.', status };
}

/** Title and detail for any error, for people. */
export function describeError(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiProblem) return { title: error.problem.title, detail: error.problem.detail ?? '' };
  if (error instanceof NetworkFailure) return { title: NETWORK_FAILURE_TITLE, detail: NETWORK_FAILURE_DETAIL };
  return { title: 'Something went wrong in this page', detail: 'Reload the page and try again; if it keeps happening, tell the help desk the time it happened.' };
}

/**
 * Downloads a document the server gives in another form than JSON (a PDF), as a file the browser
 * saves: the Accept header chooses the form, which a plain link cannot send. Failures are the
 * same ApiProblem or NetworkFailure as any request.
 */
export async function apiDownload(path: string, accept: string, fileName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetchImpl(path, { headers: { accept: `${accept}, application/problem+json` }, credentials: 'same-origin' });
  } catch (error) {
    rememberFailure('GET', path, 0, undefined, null);
    throw new NetworkFailure(error);
  }
  if (!response.ok) {
    const parsed = (await response.json().catch(() => null)) as ProblemDocument | null;
    rememberFailure('GET', path, response.status, parsed?.code, response.headers.get('x-request-id'));
    throw new ApiProblem(response.status, parsed && typeof parsed.title === 'string' ? parsed : fallbackProblem(response.status));
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
