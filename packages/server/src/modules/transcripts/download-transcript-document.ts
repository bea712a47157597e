import type { Kysely } from 'kysely';
import { TRANSCRIPT_FORMAT } from '@homeroom/core/formats/transcript';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { renderTranscript } from '../../pdf/transcript-document.ts';
import { officialTranscriptOf } from './official-transcript.ts';
import { gpaDocumentFor } from './student-gpa.ts';
import { loadStudentTranscripts } from './student-transcript.ts';

type TranscriptDocuments = { transcript: { format: string }; gpa: { format: string } };

export type TranscriptDocumentForm = 'json' | 'pdf';

/**
 * The transcript as a document: the homeroom.transcript/v1 and homeroom.gpa/v1 pair (JSON), or
 * the official transcript (PDF). One use-case for both forms, so both are scoped and audited the
 * same way: an export of the transcript, with the form it was given in.
 */
export async function downloadTranscriptDocument(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, form: 'pdf'): Promise<Buffer>;
export async function downloadTranscriptDocument(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, form: 'json'): Promise<TranscriptDocuments>;
export async function downloadTranscriptDocument(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, form: TranscriptDocumentForm): Promise<Buffer | TranscriptDocuments> {
  const official = await withStudentRecord(db, actor, origin, studentId, { entity: 'transcript', action: 'export', details: { form } }, async (trx) => {
    if (form === 'pdf') return officialTranscriptOf(trx, actor.districtId, actor.today, studentId);
    const [student] = await loadStudentTranscripts(trx, actor.districtId, [studentId], { withInProgress: true, today: actor.today });
    return { transcript: { format: TRANSCRIPT_FORMAT, ...student!.transcript }, gpa: gpaDocumentFor(student!) };
  });
  // Laid out after the transaction: the figures are read and the export audited; drawing pages holds no database connection.
  return 'view' in official ? renderTranscript(official) : official;
}
