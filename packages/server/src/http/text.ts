import { z } from 'zod';

// Control characters have no place in a name or a reason, and PostgreSQL refuses NUL outright.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Text a person typed: trimmed, bounded, without control characters. */
export function schoolText(max: number, min = 1) {
  return z.string().trim().min(min).max(max).refine((text) => !CONTROL.test(text), { message: 'must not contain control characters' });
}
