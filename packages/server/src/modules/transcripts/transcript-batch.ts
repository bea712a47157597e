import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { documentBatchFile, resumeDocumentBatch, startDocumentBatch, type BatchOptions, type DocumentBatchKind } from '../../jobs/document-batch.ts';
import { batchStudents } from '../../jobs/document-batch.repository.ts';
import { officialTranscriptContext, officialTranscriptsOf } from './official-transcript.ts';

export { documentsDirectory } from '../../jobs/document-batch.ts';

export const TRANSCRIPT_BATCH = 'transcript-batch';

export const startTranscriptBatchInput = z.strictObject({
  /** The grade whose official transcripts are printed: seniors unless said otherwise. */
  grade: z.number().int().min(9).max(12).default(12),
  /** One school's students; the whole district when absent. */
  schoolId: z.number().int().positive().nullable().default(null),
});

/** What the job remembers, so that a resumed run prints exactly the students the first run chose. */
const batchParams = z.strictObject({ grade: z.number().int(), schoolId: z.number().int().nullable(), today: z.string() });
type BatchParams = z.output<typeof batchParams>;

const transcripts: DocumentBatchKind<BatchParams> = {
  jobKind: TRANSCRIPT_BATCH,
  noun: 'transcript batch',
  entity: 'transcript',
  zipName: 'transcripts.zip',
  parse: (params) => batchParams.parse(params),
  students: (db, districtId, params) => batchStudents(db, districtId, params),
  async reader(db, districtId, params) {
    const context = await officialTranscriptContext(db, districtId);
    return async (ids) =>
      (await officialTranscriptsOf(db, districtId, params.today, ids, context)).map((transcript) => ({ localId: transcript.student.localId, name: transcript.student.name, document: { kind: 'transcript', transcript } }));
  },
};

/** Prints the official transcript of every student of a grade, district-wide or at one school, into a zip, as a background job. */
export function startTranscriptBatch(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, input: z.output<typeof startTranscriptBatchInput>, options?: BatchOptions) {
  return startDocumentBatch(db, actor, origin, transcripts, { grade: input.grade, schoolId: input.schoolId, today: actor.today }, input.schoolId, options);
}

export function resumeTranscriptBatch(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, jobId: number, options?: BatchOptions) {
  return resumeDocumentBatch(db, actor, origin, jobId, transcripts, undefined, options);
}

export function transcriptBatchFile(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, jobId: number): Promise<string> {
  return documentBatchFile(db, actor, origin, jobId, transcripts);
}
