import type { z } from 'zod';
import type { reportCard } from '@homeroom/core/api/report-cards';
import { DocumentWriter } from './document-writer.ts';

export interface ReportCardHeading {
  district: string;
  school: string | null;
  issuedOn: string;
}

/** A report card for a grading period: one line per section, then each teacher's comment. */
export async function renderReportCard(card: z.input<typeof reportCard>, heading: ReportCardHeading): Promise<Buffer> {
  const writer = new DocumentWriter({ title: 'Report Card', person: card.student.name, issuedOn: heading.issuedOn });
  writer.heading(heading.school ? `${heading.school} — ${heading.district}` : heading.district, 1);
  writer.heading(`Report Card: ${card.gradingPeriod.name}, ${card.gradingPeriod.schoolYear}`);
  writer.facts([
    ['Student', card.student.name],
    ['Student ID', card.student.localId],
    ['Grade', card.student.grade === null ? 'none' : String(card.student.grade)],
    ['Period', `${card.gradingPeriod.startDate} to ${card.gradingPeriod.endDate}`],
  ]);
  writer.table(
    [
      { heading: 'Course', width: 56 },
      { heading: 'Title', width: 150 },
      { heading: 'Section', width: 70 },
      { heading: 'Teacher', width: 120 },
      { heading: 'Mark', width: 36 },
      { heading: 'Absences', width: 44, align: 'right' },
      { heading: 'Tardies', width: 40, align: 'right' },
    ],
    card.sections.map((s) => [s.course, s.title, s.section, s.teacher ?? '', s.mark, String(s.absences), String(s.tardies)]),
  );
  const comments = card.sections.filter((s) => s.comment);
  if (comments.length) {
    writer.heading('Comments');
    for (const s of comments) writer.paragraph(`${s.title} (${s.teacher ?? 'teacher'}): ${s.comment}`);
  }
  return writer.finish();
}
