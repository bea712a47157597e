import type { z } from 'zod';
import type { reportCard } from '@homeroom/core/api/report-cards';
import { renderReportCard, type ReportCardHeading } from './report-card-document.ts';
import { renderTranscript, type OfficialTranscript } from './transcript-document.ts';

/** A document a batch prints: what a layout worker is handed, so one pool lays out either kind. */
export type BatchDocument =
  | { kind: 'transcript'; transcript: OfficialTranscript }
  | { kind: 'report-card'; card: z.input<typeof reportCard>; heading: ReportCardHeading };

export function renderBatchDocument(document: BatchDocument): Promise<Buffer> {
  return document.kind === 'transcript' ? renderTranscript(document.transcript) : renderReportCard(document.card, document.heading);
}
