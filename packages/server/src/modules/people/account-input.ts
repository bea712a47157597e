import { z } from 'zod';
import { hashPassword, passwordWeakness } from '../../auth/passwords.ts';
import type { Handle } from '../../db/handle.ts';

import { usernameTaken } from '../accounts/staff-accounts.repository.ts';
import { fieldProblem } from '../../http/problem.ts';

export const newAccountInput = z.strictObject({
  username: z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{3,60}$/, '3 to 60 letters, digits, dots, hyphens or underscores'),
  /** A first password; left out, the person signs in with the district's single sign-on only. */
  password: z.string().max(1000).optional(),
});
export type NewAccountInput = z.output<typeof newAccountInput>;

/** The password's hash, or null for a single-sign-on-only account; hashed before any transaction, since argon2 takes a moment. */
export async function firstPasswordHash(input: NewAccountInput): Promise<string | null> {
  if (input.password === undefined) return null;
  const weakness = passwordWeakness(input.password, input.username);
  if (weakness) throw fieldProblem(400, 'weak-password', 'Choose a stronger password', 'body.password', weakness);
  return hashPassword(input.password);
}

export async function refuseTakenUsername(trx: Handle, districtId: number, username: string): Promise<void> {
  if (await usernameTaken(trx, districtId, username)) throw fieldProblem(409, 'username-taken', 'This username is taken', 'body.username', `${username} already signs in`);
}

export const accountExists = (whose: string) => fieldProblem(409, 'account-exists', `${whose} already has an account`, 'body.username', 'one account a person: find it on their page, and enable it if it was disabled');
