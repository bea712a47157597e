import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { enabledPasswordsOf, setPasswordHashes } from '../modules/auth/auth.repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/** The password of every demo account: the demo district holds synthetic students only. */
export const DEMO_PASSWORD = 'homeroom-demo';

const DEMO_USERNAMES = ['admin', 'principal', 'counselor', 'teacher', 'clerk', 'helpdesk', 'student', 'parent'];

/**
 * The demo accounts whose password is still the published one, for the start-up banner. The
 * password itself is checked: an account whose password was changed is not listed, and one given
 * the demo password some other way is.
 */
export async function accountsWithDemoPassword(db: Kysely<Database>): Promise<string[]> {
  const rows = await enabledPasswordsOf(db, DEMO_USERNAMES);
  const published = await Promise.all(rows.map((r) => verifyPassword(r.password_hash, DEMO_PASSWORD)));
  return rows.filter((_, i) => published[i]).map((r) => r.username);
}

export async function setDemoPasswords(db: Kysely<Database>, usernames: string[]): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  if (usernames.length === 0) return;
  await setPasswordHashes(db, usernames, passwordHash);
}
