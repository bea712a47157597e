// The SQL of giving a staff member an account. Inserting the staff row and the assignment is the
// district import's insertRecord; the rest is here. Every function takes the transaction handle.
import type { Handle } from '../../db/handle.ts';

export async function usernameTaken(db: Handle, districtId: number, username: string): Promise<boolean> {
  return (await db.selectFrom('app_user').select('id').where('district_id', '=', districtId).where('username', '=', username).executeTakeFirst()) !== undefined;
}

export async function insertAccount(db: Handle, values: { district_id: number; username: string; display_name: string; password_hash: string | null; staff_id: number }): Promise<number> {
  const row = await db.insertInto('app_user').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function grantRole(db: Handle, values: { district_id: number; user_id: number; role: string; school_id: number | null; starts_on: string | null; ends_on?: string | null; granted_by: number | null }): Promise<number> {
  const row = await db.insertInto('user_role').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}
