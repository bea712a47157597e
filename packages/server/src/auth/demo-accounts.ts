import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { hashPassword } from './passwords.ts';

/** The password of every demo account: the demo district holds synthetic students only. */
export const DEMO_PASSWORD = 'homeroom-demo';

/** The demo accounts that still have the demo password's hash, for the start-up banner. */
export async function demoUsernames(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('app_user').select('username').where('username', 'in', ['admin', 'principal', 'counselor', 'teacher', 'clerk', 'helpdesk', 'student', 'parent']).where('password_hash', 'is not', null).orderBy('id').execute();
  return rows.map((r) => r.username);
}

export async function setDemoPasswords(db: Kysely<Database>, usernames: string[]): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  if (usernames.length === 0) return;
  await db.updateTable('app_user').set({ password_hash: passwordHash }).where('username', 'in', usernames).execute();
}
