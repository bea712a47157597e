import { sql, type Kysely } from 'kysely';

/**
 * The role this connection serves as, and whether it could rewrite the audit trail. The trail is
 * append-only for certain only when the server lacks UPDATE, DELETE and TRUNCATE on audit_event:
 * the owner or a superuser could disable the trigger that refuses them.
 */
export async function servingRole<DB>(db: Kysely<DB>): Promise<{ role: string; canRewriteAuditTrail: boolean }> {
  const { rows } = await sql<{ role: string; can_rewrite: boolean }>`
    select current_user as role, has_table_privilege('audit_event', 'UPDATE, DELETE, TRUNCATE') as can_rewrite`.execute(db);
  return { role: rows[0]!.role, canRewriteAuditTrail: rows[0]!.can_rewrite };
}
