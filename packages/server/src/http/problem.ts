/**
 * Errors as RFC 9457 problem documents with a stable `code`: the code is for programs, the title
 * and detail are for people, in words a school user understands.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  toDocument(instance?: string) {
    return {
      type: `https://homeroom.dev/problems/${this.code}`,
      title: this.title,
      status: this.status,
      code: this.code,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extra,
    };
  }
}

export const notFound = (what: string) => new Problem(404, 'not-found', 'Not found', `${what} does not exist or you cannot see it.`);

/** The Accept header names no form this route gives. */
export const notAcceptable = (offered: readonly string[]) =>
  new Problem(406, 'not-acceptable', 'No acceptable form', `This is available as ${offered.join(' or ')}; the Accept header asked for neither.`, { offered });

/**
 * A change made against a version someone else has changed since (If-Match or expectedVersion):
 * 412 everywhere, so that a client handles every stale save the same way. `reload` names what the
 * person reloads to see the other change.
 */
export const staleVersion = (what: string, reload: string, extra: Record<string, unknown> = {}) =>
  new Problem(412, 'stale-version', `Someone else changed ${what} since you opened it`, `Nothing was saved. Reload ${reload} to see the change, then make yours again.`, extra);

/** A refusal of one field's value: the same shape of document as a validation failure, with its own code. */
export function fieldProblem(status: number, code: string, title: string, field: string, message: string, extra: Record<string, unknown> = {}) {
  return new Problem(status, code, title, `${field}: ${message}`, { errors: [{ field, message }], ...extra });
}
