import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { hashPassword } from './passwords.ts';

/** The password of every demo account: the demo district holds synthetic students only. */
export const DEMO_PASSWORD = 'homeroom-demo';

export async function setDemoPasswords(db: Kysely<Database>, usernames: string[]): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  if (usernames.length === 0) return;
  await db.updateTable('app_user').set({ password_hash: passwordHash }).where('username', 'in', usernames).execute();
}
