import type { Kysely } from 'kysely';
import { z } from 'zod';
import { LETTER_MARKS, NON_LETTER_MARKS } from '@homeroom/core/formats/transcript';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { refreshStudentGpa } from './refresh-student-gpa.ts';
import { correctionOf, entryForCorrection, insertTranscriptEntry } from './transcripts.repository.ts';

export const MARKS = [...LETTER_MARKS, ...NON_LETTER_MARKS] as [string, ...string[]];

export const correctTranscriptEntryInput = z.strictObject({
  mark: z.enum(MARKS),
  credits: z.number().min(0).max(40).multipleOf(0.25).optional(),
  reason: schoolText(500, 5),
});

/**
 * A correction after posting is a new transcript entry that supersedes the old one, with who,
 * when and why; the old entry stays as it was, so the history of the transcript is never lost.
 */
export async function correctTranscriptEntry(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, entryId: number, input: z.output<typeof correctTranscriptEntryInput>) {
  return withStudentRecord(db, actor, origin, studentId, { entity: 'transcript', action: 'correct', reason: input.reason, details: { entryId, mark: input.mark } }, async (trx) => {
    const entry = await entryForCorrection(trx, actor.districtId, studentId, entryId);
    if (!entry) throw notFound('This transcript entry');
    const newer = await correctionOf(trx, actor.districtId, entryId);
    if (newer !== null) throw new Problem(409, 'already-corrected', 'This mark was already corrected', `Correct the newest entry (${newer}) instead; nothing was changed.`, { currentEntryId: newer });
    const { id: _id, posted_at: _at, ...copy } = entry;
    const correctedId = await insertTranscriptEntry(trx, {
      ...copy, mark: input.mark, credits: input.credits !== undefined ? String(input.credits) : entry.credits, source: 'correction', supersedes_id: entry.id, correction_reason: input.reason, posted_by: actor.userId,
    });
    const gpa = await refreshStudentGpa(trx, actor.districtId, studentId, actor.today);
    return { entryId: correctedId, supersedes: entry.id, gpa };
  });
}
