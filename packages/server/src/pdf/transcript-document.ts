import type { z } from 'zod';
import type { gpaSummary, transcript } from '@homeroom/core/api/transcripts';
import { DocumentWriter, type Column } from './document-writer.ts';
import { printedCredits, printedGpa } from './figures.ts';

type GpaSummary = z.input<typeof gpaSummary>;

/** Everything an official transcript prints, gathered by the transcripts module. */
export interface OfficialTranscript {
  issuedOn: string;
  district: { name: string; address: string | null; phone: string | null };
  school: { name: string; address: string | null; phone: string | null; ceebCode: string | null; stateCode: string | null; publishesClassRank: boolean } | null;
  student: { name: string; localId: string; stateId: string | null; birthDate: string; grade: number; cohort: number | null };
  /** The transcript API's answer: every figure printed comes from it. */
  view: z.input<typeof transcript>;
  graduation: { requirementSet: string; status: string; expected: string | null; requirements: Array<{ title: string; needed: number; earned: number; inProgress: number; status: string }> };
}

const TERM_NAMES: Record<string, string> = { S1: 'Semester 1', S2: 'Semester 2', SU: 'Summer' };
const HONORS: Record<string, string> = { none: '', honors: 'Honors', ap: 'AP', ib: 'IB', college: 'College' };

/** The GPA columns of the rule set ca-2026, each an exact numerator over its count. */
const GPA_COLUMNS: Array<{ heading: string; numerator: (g: GpaSummary) => [number, number] }> = [
  { heading: 'UC unweighted', numerator: (g) => [n(g.uc.points), n(g.uc.count)] },
  { heading: 'UC weighted', numerator: (g) => [n(g.uc.points) + n(g.uc.bonusCapped), n(g.uc.count)] },
  { heading: 'UC fully wtd.', numerator: (g) => [n(g.uc.points) + n(g.uc.bonusUncapped), n(g.uc.count)] },
  { heading: 'CSU weighted', numerator: (g) => [n(g.csu.points) + n(g.csu.bonus), n(g.csu.count)] },
  { heading: 'District unwtd.', numerator: (g) => [n(g.district.points), n(g.district.count)] },
  { heading: 'District wtd.', numerator: (g) => [n(g.district.points) + n(g.district.bonus), n(g.district.count)] },
];
const n = (value: number | null | undefined) => value ?? 0;

export function gpaRow(label: string, gpa: GpaSummary): string[] {
  return [label, ...GPA_COLUMNS.map((c) => printedGpa(...c.numerator(gpa))), printedCredits(gpa.credits.attempted), printedCredits(gpa.credits.earned)];
}

function note(entry: OfficialTranscript['view']['terms'][number]['entries'][number], term: string): string {
  const notes = [];
  if (entry.source === 'transfer') notes.push(`Transfer${entry.school ? `: ${entry.school}` : ''}`);
  if (term === 'SU' || entry.source === 'summer') notes.push('Summer');
  if (entry.corrected) notes.push('Corrected');
  return notes.join('; ');
}

/** The official transcript: letterhead, student, courses by term, GPAs by year, requirements, signature. */
export async function renderTranscript(t: OfficialTranscript): Promise<Buffer> {
  const writer = new DocumentWriter({ title: 'Official Transcript', person: t.student.name, issuedOn: t.issuedOn });
  const { view } = t;
  writer.heading(t.district.name, 1);
  const letterhead: Array<[string, string]> = [];
  if (t.district.address) letterhead.push(['District address', t.district.address]);
  if (t.district.phone) letterhead.push(['District phone', t.district.phone]);
  if (t.school) {
    letterhead.push(['School', t.school.name]);
    letterhead.push(['CEEB code', t.school.ceebCode ?? 'none']);
    if (t.school.address) letterhead.push(['School address', t.school.address]);
    if (t.school.phone) letterhead.push(['School phone', t.school.phone]);
  }
  writer.facts(letterhead);

  writer.heading('Official Transcript');
  writer.facts([
    ['Student', t.student.name],
    ['Student ID', t.student.localId],
    ['State ID (SSID)', t.student.stateId ?? 'none'],
    ['Date of birth', t.student.birthDate],
    ['Grade', String(t.student.grade)],
    ['Class of', t.student.cohort === null ? 'none' : String(t.student.cohort)],
  ]);

  const courseColumns: Column[] = [
    { heading: 'Course', width: 50 },
    { heading: 'Title', width: 160 },
    { heading: 'Gr', width: 20, align: 'right' },
    { heading: 'Mark', width: 30 },
    { heading: 'Attempted', width: 46, align: 'right' },
    { heading: 'Earned', width: 38, align: 'right' },
    { heading: 'A-G', width: 24 },
    { heading: 'Honors', width: 40 },
    { heading: 'Note', width: 108 },
  ];
  for (const term of view.terms) {
    const schools = [...new Set(term.entries.map((e) => e.school).filter((s): s is string => !!s))];
    writer.heading(`${term.schoolYear} ${TERM_NAMES[term.term] ?? term.term}${schools.length ? ` — ${schools.join(', ')}` : ''}`);
    writer.table(
      courseColumns,
      term.entries.map((e) => [e.course, e.title, String(e.grade), e.mark, printedCredits(e.attempted), printedCredits(e.earned), e.ag ?? '', HONORS[e.honors] ?? e.honors, note(e, term.term)]),
    );
  }
  if (view.inProgress.length) {
    writer.heading('Courses in progress');
    writer.table(
      [{ heading: 'Course', width: 60 }, { heading: 'Title', width: 220 }, { heading: 'Term', width: 80 }, { heading: 'Credits', width: 50, align: 'right' }],
      view.inProgress.map((c) => [c.course, c.title ?? '', `${c.schoolYear} ${c.term}`, printedCredits(c.credits)]),
    );
  }

  writer.heading(`Grade point averages (rule set ${view.ruleSet})`);
  writer.table(
    [{ heading: 'Year', width: 58 }, ...GPA_COLUMNS.map((c) => ({ heading: c.heading, width: 61, align: 'right' as const })), { heading: 'Attempted', width: 46, align: 'right' }, { heading: 'Earned', width: 46, align: 'right' }],
    [...view.years.map((y) => gpaRow(y.schoolYear, y.gpa)), gpaRow('Cumulative', view.gpa)],
    { bold: (row) => row === view.years.length },
  );
  writer.paragraph('Each GPA is rounded half up to three places; the exact points over the number of grades counted follow it. UC and CSU GPAs count A-G grades of grades 10 and 11 with the honors points capped as the universities do.', { size: 7.5 });
  if (!t.school?.publishesClassRank) writer.paragraph('Class rank: not published by this school.');
  else if (view.classRank) writer.paragraph(`Class rank: ${view.classRank.rank} of ${view.classRank.of} (${view.classRank.basis}, as of ${view.classRank.asOf.slice(0, 10)})`);
  else writer.paragraph('Class rank: none (no ranked GPA yet).');

  writer.heading(`Graduation requirements (${t.graduation.requirementSet})`);
  writer.table(
    [{ heading: 'Requirement', width: 230 }, { heading: 'Needed', width: 60, align: 'right' }, { heading: 'Earned', width: 60, align: 'right' }, { heading: 'In progress', width: 66, align: 'right' }, { heading: 'Status', width: 100 }],
    t.graduation.requirements.map((r) => [r.title, printedCredits(r.needed), printedCredits(r.earned), printedCredits(r.inProgress), r.status.replace('_', ' ')]),
  );
  writer.paragraph(`Graduation status: ${t.graduation.status}${t.graduation.expected ? ` (expected ${t.graduation.expected})` : ''}`, { bold: true });

  writer.signatureBlock('Registrar or counselor', `This is an official transcript of ${t.student.name}, issued by ${t.school?.name ?? t.district.name} on ${t.issuedOn}. It is not valid without a signature.`);
  return writer.finish();
}
