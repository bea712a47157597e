import { gpaDocumentFor, storedFigures } from './student-gpa.ts';
import { saveGpas } from './student-gpa.repository.ts';
import { loadStudentTranscripts } from './student-transcript.ts';
import type { z } from 'zod';
import type { gpaFigures } from '@homeroom/core/api/transcripts';
import type { Handle } from '../../db/handle.ts';

type GpaFigures = z.input<typeof gpaFigures>;

/** After a mark is posted or corrected, the student's stored GPA follows at once, in the same transaction. */
export async function refreshStudentGpa(trx: Handle, districtId: number, studentId: number, today: string) {
  const [transcript] = await loadStudentTranscripts(trx, districtId, [studentId], { today });
  if (!transcript) return null;
  const document = gpaDocumentFor(transcript);
  await saveGpas(trx, districtId, [storedFigures(studentId, document)]);
  // The rule set names its GPAs' figures; the GPA document types them only as unknown.
  return { uc: document.uc as GpaFigures, csu: document.csu as GpaFigures, district: document.district as GpaFigures, credits: document.credits };
}
