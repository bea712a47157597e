import type { FastifyRequest } from 'fastify';
import { Problem } from './problem.ts';

export const etagOf = (version: number) => `"${version}"`;

/** The version an edit was based on, from If-Match; an edit without one is refused. */
export function requiredIfMatch(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (!header) throw new Problem(428, 'if-match-required', 'The edit does not say which version it changes', 'Send the ETag you read as If-Match, so that a newer change by someone else is never overwritten.');
  const match = /^(?:W\/)?"(\d+)"$/.exec(String(header).trim());
  if (!match) throw new Problem(400, 'bad-if-match', 'If-Match is not a version of this record', `Expected an ETag such as "3", got ${String(header).slice(0, 40)}.`);
  return Number(match[1]);
}
