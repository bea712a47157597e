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
