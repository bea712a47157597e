import { weekdayLetter } from '@homeroom/core/attendance/index';
import { courseRefusals, courseStandings, describeRefusal } from '@homeroom/core/graduation/course-standing';
import { checkRules, evaluateReadiness, EVIDENCE_LIMIT, LOAD_TEST_FACTOR, loadTestMeasure, type Evidence, type Measure, type ReadinessReport } from '@homeroom/core/readiness/readiness';
import type { Handle } from '../../db/handle.ts';
import { meetingsOn } from '../attendance/attendance-figures.repository.ts';
import { courseRulesOf } from '../graduation/course-rules.ts';
import { requirementSetsFor } from '../graduation/graduation.repository.ts';
import { auditStudent } from '../graduation/student-audit.ts';
import { loadStudentTranscripts } from '../transcripts/student-transcript.ts';
import {
  enrolledSeniors, incompleteSchedules, lastLoadTest, lastSchoolDayBefore, latestReconciliation, localIdsOf, readinessSettings, recordReadinessRun,
  schoolsInSession, scheduledCoursesWithMarks, sectionsOverCapacity, type SchoolScope,
} from './readiness.repository.ts';
import { helpDeskUrgentTickets, type UrgentTicketsSource } from './urgent-tickets.ts';

const BATCH = 500;

async function scheduleMeasure(db: Handle, districtId: number, day: string, scope: SchoolScope): Promise<Measure> {
  if ((await schoolsInSession(db, districtId, day, scope)) === 0) return { figure: null, reason: `no school is in session on ${day}: judge a school day` };
  const found = await incompleteSchedules(db, districtId, day, weekdayLetter(day), scope, EVIDENCE_LIMIT);
  return {
    figure: found.total,
    evidenceCount: found.total,
    evidence: found.rows.map((r) => ({
      school: r.school, student: r.local_id, detail: r.filled === 0 ? 'no section' : `${r.filled} of ${r.periods} periods`, ref: { schoolId: r.school_id, studentId: r.student_id },
    })),
  };
}

async function passedCourseMeasure(db: Handle, districtId: number, day: string, scope: SchoolScope): Promise<Measure> {
  const candidates = await scheduledCoursesWithMarks(db, districtId, day, scope);
  const rules = await courseRulesOf(db, districtId, [...new Set(candidates.map((c) => c.course_id))]);
  const studentIds = [...new Set(candidates.map((c) => c.student_id))];
  const evidence: Evidence[] = [];
  const students = new Set<number>();
  for (let i = 0; i < studentIds.length; i += BATCH) {
    const transcripts = new Map((await loadStudentTranscripts(db, districtId, studentIds.slice(i, i + BATCH), { today: day })).map((t) => [t.studentId, t.transcript]));
    for (const c of candidates) {
      const transcript = transcripts.get(c.student_id);
      const course = rules.get(c.course_id);
      if (!transcript || !course) continue;
      const passed = courseRefusals(transcript, courseStandings(transcript), { ...course, prerequisites: [] }).find((r) => r.code === 'course-already-passed');
      if (!passed) continue;
      students.add(c.student_id);
      evidence.push({ school: c.school, student: c.local_id, section: c.section, detail: describeRefusal(passed), ref: { schoolId: c.school_id, studentId: c.student_id, sectionId: c.section_id } });
    }
  }
  return { figure: students.size, evidence, evidenceCount: evidence.length };
}

async function seniorsMeasure(db: Handle, districtId: number, day: string, scope: SchoolScope): Promise<Measure> {
  const seniors = await enrolledSeniors(db, districtId, day, scope);
  const setFor = await requirementSetsFor(db, districtId);
  const evidence: Evidence[] = [];
  for (let i = 0; i < seniors.length; i += BATCH) {
    const batch = seniors.slice(i, i + BATCH);
    const transcripts = new Map((await loadStudentTranscripts(db, districtId, batch.map((s) => s.student_id), { withInProgress: true, today: day })).map((t) => [t.studentId, t]));
    for (const senior of batch) {
      const transcript = transcripts.get(senior.student_id);
      if (!transcript) continue;
      const { summary } = auditStudent(transcript, setFor(transcript.transcript.student.cohort));
      if (summary.onScheduleToGraduate) continue;
      const missing = summary.missing.filter((m) => m.status !== 'in_progress').map((m) => m.title);
      evidence.push({ school: senior.school, student: senior.local_id, detail: `missing: ${missing.join('; ')}`, ref: { schoolId: senior.school_id, studentId: senior.student_id } });
    }
  }
  return { figure: evidence.length, evidence, evidenceCount: evidence.length };
}

async function capacityMeasure(db: Handle, districtId: number, day: string, scope: SchoolScope): Promise<Measure> {
  const found = await sectionsOverCapacity(db, districtId, day, scope, EVIDENCE_LIMIT);
  return {
    figure: found.total,
    evidenceCount: found.total,
    evidence: found.rows.map((r) => ({ school: r.school, section: r.section, detail: `${r.seated} students, ${r.capacity} seats`, ref: { schoolId: r.school_id, sectionId: r.section_id } })),
  };
}

async function attendanceMeasure(db: Handle, districtId: number, day: string, scope: SchoolScope): Promise<Measure> {
  const previous = await lastSchoolDayBefore(db, districtId, day, scope);
  if (!previous) return { figure: null, reason: `no school day before ${day}` };
  const meetings = await meetingsOn(db, districtId, previous, weekdayLetter(previous), scope === 'all' ? 'all' : [...scope]);
  const missing = meetings.filter((m) => !m.taken);
  const percent = meetings.length === 0 ? 0 : Math.round((missing.length / meetings.length) * 1000) / 10;
  return {
    figure: percent,
    evidenceCount: missing.length,
    evidence: missing.slice(0, EVIDENCE_LIMIT).map((m) => ({
      section: m.section_code, detail: `${previous}, period ${m.period_code ?? '?'}, ${m.course_title}${m.teachers?.length ? `, ${m.teachers.map((t) => t.name).join(', ')}` : ''}`, ref: { schoolId: m.school_id, sectionId: m.section_id },
    })),
  };
}

interface ReconciliationReport {
  figures?: Record<string, { compared: number; mismatches: number }>;
  mismatches?: Array<{ student: string; figure: string; legacy: string | null; homeroom: string | null }>;
}

async function reconciliationMeasure(db: Handle, districtId: number): Promise<Measure> {
  const last = await latestReconciliation(db, districtId);
  const reconciliation = last?.reconciliation as ReconciliationReport | undefined;
  const compared = Object.values(reconciliation?.figures ?? {}).reduce((n, f) => n + f.compared, 0);
  if (!last || compared === 0) return { figure: null, reason: 'no district import compared the old system\'s figures with Homeroom\'s' };
  const mismatches = reconciliation?.mismatches ?? [];
  const ids = new Map((await localIdsOf(db, districtId, [...new Set(mismatches.slice(0, EVIDENCE_LIMIT).map((m) => m.student))])).map((s) => [s.local_id, s.id]));
  return {
    figure: mismatches.length,
    evidenceCount: mismatches.length,
    evidence: mismatches.slice(0, EVIDENCE_LIMIT).map((m) => ({
      student: m.student, detail: `${m.figure}: old system ${m.legacy ?? 'blank'}, Homeroom ${m.homeroom ?? 'blank'} (import ${last.id}, ${last.status})`, ...(ids.has(m.student) ? { ref: { studentId: ids.get(m.student)! } } : {}),
    })),
  };
}

/** Every check's figure for the day and schools, judged by the district's thresholds. */
export async function measureReadiness(db: Handle, districtId: number, day: string, scope: SchoolScope, options: { now: Date; urgentTickets?: UrgentTicketsSource }): Promise<ReadinessReport> {
  const settings = await readinessSettings(db, districtId);
  const load = await lastLoadTest(db, districtId);
  const rules = checkRules(settings.overrides).map((rule) =>
    rule.id === 'load-test' && !settings.overrides.some((o) => o.id === 'load-test' && o.threshold !== null) ? { ...rule, threshold: settings.expectedPeakSavesPerSecond * LOAD_TEST_FACTOR } : rule,
  );
  // One after the other: on the embedded database a transaction has one connection.
  const measures: Record<string, Measure> = {
    'students-without-complete-schedule': await scheduleMeasure(db, districtId, day, scope),
    'passed-courses-scheduled': await passedCourseMeasure(db, districtId, day, scope),
    'seniors-missing-requirements': await seniorsMeasure(db, districtId, day, scope),
    'sections-over-capacity': await capacityMeasure(db, districtId, day, scope),
    'attendance-not-taken': await attendanceMeasure(db, districtId, day, scope),
    'gpa-reconciliation': await reconciliationMeasure(db, districtId),
    'load-test': loadTestMeasure(
      load ? { recordedAt: load.recorded_at.toISOString(), savesPerSecond: Number(load.saves_per_second), p99Ms: Number(load.p99_ms), errors: load.errors, targetSavesPerSecond: load.target_saves_per_second } : null,
      settings.expectedPeakSavesPerSecond,
    ),
    'open-urgent-tickets': await (options.urgentTickets ?? helpDeskUrgentTickets)(db, districtId, scope),
  };
  return evaluateReadiness({ date: day, computedAt: options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'), rules, measures });
}

/** The students a report names, for the audit row of whoever read it. */
export function studentsNamed(report: ReadinessReport): number[] {
  return [...new Set(report.checks.flatMap((c) => c.evidence.flatMap((e) => (e.ref?.studentId === undefined ? [] : [e.ref.studentId]))))];
}

/** Measures and keeps the run: each report is appended to the district's history. */
export async function produceReadinessReport(db: Handle, input: { districtId: number; day: string; scope: SchoolScope; schoolId: number | null; requestedBy: number | null; now: Date; urgentTickets?: UrgentTicketsSource }) {
  const report = await measureReadiness(db, input.districtId, input.day, input.scope, { now: input.now, ...(input.urgentTickets ? { urgentTickets: input.urgentTickets } : {}) });
  const runId = await recordReadinessRun(db, { districtId: input.districtId, schoolId: input.schoolId, day: input.day, verdict: report.verdict, report, requestedBy: input.requestedBy, computedAt: report.computedAt });
  return { report, runId };
}
