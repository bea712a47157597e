/**
 * The rules of a problem report: what may never be kept in one (anything resembling a password or
 * a session or API token), how a request's path is kept without the records in it, and how urgent
 * a report is. Pure: the web app cleans what it sends with the same rules the server enforces.
 */

export const TICKET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const TICKET_STATUSES = ['open', 'in-progress', 'waiting', 'resolved'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const REMOVED = '[removed: looked like a password or token]';

/** Shapes a secret takes in text a person pastes: a word like "password" and what follows it, a bearer, a cookie, a token. */
const SECRET_PATTERNS: RegExp[] = [
  // "my password is hunter2", "pwd: hunter2", "PIN=1234": the word stays, the value goes.
  /\b(password|passwd|pwd|passcode|passphrase|pin|secret|mot de passe|contraseña)(\s*(?:is|was|:|=)\s*)("[^"]*"|'[^']*'|\S+)/giu,
  /\b(bearer|authorization:?|token)(\s*[:=]?\s*)([A-Za-z0-9._~+/=-]{8,})/giu,
  /\b((?:__Host-)?homeroom_session|x-csrf-token|csrf)(\s*[:=]\s*)(\S+)/giu,
];
/** Homeroom's API and OAuth tokens, JSON web tokens, and long runs of base64 noise. */
const TOKEN_SHAPES: RegExp[] = [/\bhro?_[A-Za-z0-9_-]{16,}/g, /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, /[A-Za-z0-9_+/=-]{24,}/g];

/** A long run of letters and digits with upper case, lower case and digits mixed is a token; a UUID or a word is not. */
function isNoise(run: string): boolean {
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run);
}

/** Text with anything resembling a secret replaced, and how many were. */
export function scrubSecrets(text: string): { text: string; removed: number } {
  let removed = 0;
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_match, word: string, sep: string) => {
      removed++;
      return `${word}${sep}${REMOVED}`;
    });
  }
  for (const shape of TOKEN_SHAPES) {
    out = out.replace(shape, (run) => {
      if (run === REMOVED || (shape.source.startsWith('[') && !isNoise(run))) return run;
      removed++;
      return REMOVED;
    });
  }
  return { text: out, removed };
}

/**
 * A path as a route: no query or fragment (a link can carry a token there), and every segment that
 * names a record (a number, a UUID, anything token-like) as `:id`, so that the path of a failed
 * request names no student.
 */
export function routeOf(path: string): string {
  const bare = path.split(/[?#]/)[0] ?? '';
  const segments = bare.split('/').map((segment) => (/^\d+$/.test(segment) || /^[0-9a-f-]{16,}$/i.test(segment) || /^\d{4}-\d{2}-\d{2}$/.test(segment) || (segment.length >= 16 && isNoise(segment)) ? ':id' : segment));
  return segments.join('/').slice(0, 200) || '/';
}

export interface FailedRequestContext {
  method: string;
  route: string;
  status: number;
  code: string;
}

/**
 * How urgent a report is: a class that cannot take attendance, or a student without a schedule,
 * is urgent (a teacher stands in front of a class; a student sits in the auditorium); a failure
 * on the server's side (or no answer) is high; anything else normal. Read from the screen and the
 * requests that failed there, and from the person's own words.
 */
export function derivePriority(report: { whatHappened: string; screen: string | null; failedRequests: readonly FailedRequestContext[] }): { priority: TicketPriority; reason: string } {
  const words = report.whatHappened.toLowerCase();
  const attendanceFailed = report.failedRequests.some((r) => /\/attendance\b/.test(r.route) && r.route.startsWith('/api/sections/'));
  const onAttendance = report.screen !== null && /^\/sections\/[^/]+\/attendance\b/.test(report.screen);
  const saysAttendance = /attendance|roll call|take roll/.test(words) && /can'?t|cannot|can not|unable|won'?t|doesn'?t|does not|not able|fail|error|not sav|not work|broken|stuck/.test(words);
  if (attendanceFailed || (onAttendance && (report.failedRequests.length > 0 || saysAttendance)) || saysAttendance) {
    return { priority: 'urgent', reason: 'A class cannot take attendance' };
  }
  const noSchedule = /\b(no|without|missing|empty|blank)\s+(a\s+|any\s+|his\s+|her\s+|their\s+)?(class\s+)?(schedule|classes)\b|\bschedule\s+(is\s+)?(missing|empty|blank)\b/.test(words) ||
    report.failedRequests.some((r) => /schedule/.test(r.code));
  if (noSchedule) return { priority: 'urgent', reason: 'A student has no schedule' };
  if (report.failedRequests.some((r) => r.status >= 500 || r.status === 0)) return { priority: 'high', reason: 'Homeroom failed or did not answer' };
  return { priority: 'normal', reason: 'Reported' };
}
