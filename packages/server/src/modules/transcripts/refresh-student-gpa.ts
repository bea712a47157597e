import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { gpaDocumentFor, saveGpas, storedFigures } from './student-gpa.ts';
import { loadStudentTranscripts } from './student-transcript.ts';

/** After a mark is posted or corrected, the student's stored GPA follows at once, in the same transaction. */
export async function refreshStudentGpa(trx: Kysely<Database> | Transaction<Database>, districtId: number, studentId: number) {
  const [transcript] = await loadStudentTranscripts(trx, districtId, [studentId]);
  if (!transcript) return null;
  const document = gpaDocumentFor(transcript);
  await saveGpas(trx, districtId, [storedFigures(studentId, document)]);
  return { uc: document.uc, csu: document.csu, district: document.district, credits: document.credits };
}
