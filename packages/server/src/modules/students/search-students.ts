import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { searchStudents } from './students.repository.ts';
import { schoolText } from '../../http/text.ts';

export const searchStudentsInput = z.strictObject({
  search: schoolText(100).optional(),
  schoolId: z.coerce.number().int().positive().optional(),
  grade: z.coerce.number().int().min(-1).max(12).optional(),
  sort: z.enum(['name', 'grade', 'localId']).default('name'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** Student search within the actor's scope; each student listed is an audited read. */
export async function searchStudentsUseCase(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, input: z.output<typeof searchStudentsInput>) {
  return db.transaction().execute(async (trx) => {
    const rows = await searchStudents(trx, actor, input);
    const page = rows.slice(0, input.limit);
    await writeAuditForStudents(trx, actor, origin, { action: 'list', entity: 'student', details: input.search ? { search: 'by name or id' } : null }, page.map((r) => r.id));
    return {
      items: page.map((r) => ({
        id: r.id,
        localId: r.local_id,
        name: { first: r.first_name, last: r.last_name, preferred: r.preferred_name },
        grade: r.grade_level,
        school: { id: r.school_id, name: r.school_name },
        directoryOptOut: r.directory_opt_out,
      })),
      limit: input.limit,
      offset: input.offset,
      hasMore: rows.length > input.limit,
    };
  });
}
