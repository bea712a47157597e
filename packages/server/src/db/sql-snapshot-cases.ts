import type { Actor, Role } from '../auth/roles.ts';
import { actorForApiToken, actorForSessionToken, loadActor } from '../auth/sessions.ts';
import { studentIsVisible } from '../auth/student-record.ts';
import { auditOfStudents, listedStudents, writeAudit, writeAuditForStudents } from '../audit/audit.repository.ts';
import { fixedClock } from '../clock.ts';
import { storeSectionMarks } from '../modules/attendance/attendance-marks.repository.ts';
import { auditedPart, codeTableOf, findSectionOnDay, findTaking, rosterWithMarks, takingId, takingPart } from '../modules/attendance/attendance.repository.ts';
import { findAuditEvents } from '../modules/audit-trail/audit-trail.repository.ts';
import { enrolledForGraduationList, updateCourseRequest } from '../modules/graduation/graduation.repository.ts';
import { sectionMarks, type GradingPeriod } from '../modules/marks/marks.repository.ts';
import { sectionsTaughtOn } from '../modules/sections/sections.repository.ts';
import { rememberFailedRequest, ticketQueue } from '../modules/help-desk/help-desk.repository.ts';
import { coursesInProgress, marksForRecompute, standingEntries, transcriptStudents } from '../modules/transcripts/transcripts.repository.ts';
import { duplicateCandidates, endSectionsAtSchool, enrolledCounts } from '../modules/enrollment/enrollment.repository.ts';
import { findGuardians, studentsOfGuardians } from '../modules/family/family.repository.ts';
import { attendanceByDay, seniorAuditCounts, seniorsAtRiskByRequirement, unresolvedAlertsByRule } from '../modules/home/home-figures.repository.ts';
import { incompleteSchedulesBySchool } from '../modules/readiness/readiness.repository.ts';
import type { SqlSnapshotCase } from './sql-snapshots.ts';

/**
 * The queries whose SQL is committed (see sql-snapshots.ts): the ones every request makes (who is
 * asking), the ones that decide whom a person may see (scope, for each role), the first morning's
 * (a teacher opens a section and saves attendance), the figures (a transcript's marks) and the
 * audit trail. Add a case when a query joins that company.
 */
const TODAY = '2026-09-08';
const clock = fixedClock(new Date(`${TODAY}T15:00:00Z`));

function actorAs(role: Role, schoolId: number | null, ids: Partial<Pick<Actor, 'staffId' | 'studentId' | 'guardianId'>> = {}): Actor {
  return {
    districtId: 1, userId: 7, username: 'someone', displayName: 'Some One', roles: [{ role, schoolId }],
    staffId: ids.staffId ?? null, studentId: ids.studentId ?? null, guardianId: ids.guardianId ?? null,
    viewedBy: null, via: 'session', tokenScopes: null, integration: null, timeZone: 'America/Los_Angeles', today: TODAY,
  };
}

const scopeOf: Array<[Role, Actor]> = [
  ['district-admin', actorAs('district-admin', null)],
  ['school-admin', actorAs('school-admin', 3)],
  ['counselor', actorAs('counselor', 3, { staffId: 11 })],
  ['teacher', actorAs('teacher', 3, { staffId: 11 })],
  ['attendance-clerk', actorAs('attendance-clerk', 3, { staffId: 11 })],
  ['help-desk', actorAs('help-desk', null)],
  ['student', actorAs('student', null, { studentId: 42 })],
  ['guardian', actorAs('guardian', null, { guardianId: 5 })],
];

const quarter = { id: 4, code: 'Q1', name: 'Quarter 1', start_date: '2026-08-17', end_date: '2026-10-16', is_final: false, marks_due: '2026-10-21', term_id: 2, term: 'S1', school_year_id: 1, school_year: '2026-27' } as GradingPeriod;

const codes = codeTableOf([
  { code: 'P', description: 'Present', state_category: 'present', counts_as_absent: false, is_default: true, sort_order: 1 },
  { code: 'A', description: 'Absent', state_category: 'absent-unexcused', counts_as_absent: true, is_default: false, sort_order: 2 },
]);

export const sqlSnapshotCases: SqlSnapshotCase[] = [
  { file: 'sessions', name: 'actorForSessionToken', run: (db) => actorForSessionToken(db, 'session-token', clock) },
  { file: 'sessions', name: 'actorForApiToken', run: (db) => actorForApiToken(db, 'hr_api-token', clock) },
  { file: 'sessions', name: 'loadActor', run: (db) => loadActor(db, 1, 7, 'session', clock) },
  ...scopeOf.map(([role, actor]): SqlSnapshotCase => ({ file: 'student-scope', name: `studentIsVisible (${role})`, run: (db) => studentIsVisible(db, actor, 42) })),
  { file: 'audit', name: 'writeAudit', run: (db) => writeAudit(db, scopeOf[3]![1], { ip: '127.0.0.1' }, { action: 'read', entity: 'transcript', studentId: 42 }) },
  { file: 'audit', name: 'writeAuditForStudents', run: (db) => writeAuditForStudents(db, scopeOf[3]![1], { ip: '127.0.0.1' }, { action: 'list', entity: 'roster', entityId: 9 }, [42, 43]) },
  { file: 'attendance.repository', name: 'findSectionOnDay (teacher, locked for a save)', run: (db) => findSectionOnDay(db, 1, 9, TODAY, 11, TODAY, { lock: true, idempotencyKey: 'k' }) },
  { file: 'attendance.repository', name: 'rosterWithMarks (a period)', run: (db) => rosterWithMarks(db, 1, 9, TODAY, 2) },
  { file: 'attendance.repository', name: 'findTaking', run: (db) => findTaking(db, 1, 'k') },
  {
    file: 'attendance-marks.repository',
    name: 'storeSectionMarks (one student marked absent)',
    run: (db) =>
      db.transaction().execute((trx) =>
        storeSectionMarks(trx, {
          districtId: 1, sectionId: 9, schoolId: 3, day: TODAY, periodId: 2, codes, source: 'teacher', recordedBy: 7, reason: null,
          stored: new Map([[42, { studentId: 42, code: null, source: null }]]),
          desired: [{ studentId: 42, code: 'A', minutesAbsent: null }],
        }),
      ),
  },
  {
    file: 'attendance-marks.repository',
    name: "storeSectionMarks (a teacher's save: with its taking and audit row)",
    run: (db) =>
      db.transaction().execute((trx) =>
        storeSectionMarks(
          trx,
          {
            districtId: 1, sectionId: 9, schoolId: 3, day: TODAY, periodId: 2, codes, source: 'teacher', recordedBy: 11, reason: null,
            stored: new Map([[42, { studentId: 42, code: null, source: null }]]),
            desired: [{ studentId: 42, code: 'A', minutesAbsent: null }],
          },
          () => ({
            parts: [
              takingPart({ districtId: 1, sectionId: 9, day: TODAY, periodId: 2, takenBy: 11, idempotencyKey: 'k', result: { students: 1 }, source: 'teacher' }),
              auditedPart(auditOfStudents(scopeOf[3]![1], { ip: '127.0.0.1' }, { action: 'update', entity: 'attendance', entityId: takingId, schoolId: 3 }, listedStudents([42]))),
            ],
            result: takingId,
          }),
        ),
      ),
  },
  { file: 'transcripts.repository', name: 'transcriptStudents', run: (db) => transcriptStudents(db, 1, [42], TODAY) },
  { file: 'transcripts.repository', name: 'standingEntries', run: (db) => standingEntries(db, 1, [42]) },
  { file: 'transcripts.repository', name: 'marksForRecompute', run: (db) => marksForRecompute(db, 1, [42, 43], TODAY) },
  { file: 'transcripts.repository', name: 'coursesInProgress', run: (db) => coursesInProgress(db, 1, [42], TODAY) },
  { file: 'marks.repository', name: 'sectionMarks', run: (db) => sectionMarks(db, 1, 9, quarter) },
  { file: 'sections.repository', name: 'sectionsTaughtOn', run: (db) => sectionsTaughtOn(db, 1, 11, TODAY) },
  { file: 'graduation.repository', name: 'enrolledForGraduationList (counselor)', run: (db) => enrolledForGraduationList(db, scopeOf[2]![1], 3, 12) },
  { file: 'graduation.repository', name: 'updateCourseRequest', run: (db) => updateCourseRequest(db, 1, 77, 3, { priority: 2, reason: 'prefers this', updatedBy: 7 }) },
  { file: 'audit-trail.repository', name: 'findAuditEvents (school administrator, one student)', run: (db) => findAuditEvents(db, scopeOf[1]![1], { studentId: 42 }, { after: null, limit: 50 }) },
  // Every failed request of a person adds one and prunes their oldest: busiest when things go wrong.
  { file: 'help-desk.repository', name: 'rememberFailedRequest', run: (db) => rememberFailedRequest(db, { districtId: 1, userId: 7, method: 'PUT', route: '/api/sections/:sectionId/attendance/:date', status: 500, code: 'internal-error', requestId: '3f2b8c1e-4d5a-4e6f-9a7b-1c2d3e4f5a6b' }) },
  { file: 'help-desk.repository', name: "ticketQueue (a school's help desk, open)", run: (db) => ticketQueue(db, 1, [3], { status: 'open' }) },
  { file: 'enrollment.repository', name: 'enrolledCounts (a school office, a past day)', run: (db) => enrolledCounts(db, 1, '2026-09-01', [3]) },
  { file: 'enrollment.repository', name: 'duplicateCandidates (name, birth date and state id)', run: (db) => duplicateCandidates(db, 1, TODAY, { firstName: 'Rowan', lastName: 'Quill', birthDate: '2011-03-04', stateId: '1234567890' }) },
  { file: 'enrollment.repository', name: 'endSectionsAtSchool (a transfer)', run: (db) => endSectionsAtSchool(db, 1, 42, 3, TODAY, 7) },
  { file: 'family.repository', name: 'findGuardians (the duplicate check: name and email or phone)', run: (db) => findGuardians(db, 1, { firstName: 'Jordan', lastName: 'Meadows', email: 'jordan@mail.example', phone: '(213) 555-0101' }, 'exact') },
  { file: 'family.repository', name: 'findGuardians (the office searches by last name)', run: (db) => findGuardians(db, 1, { lastName: 'mead' }, 'search') },
  { file: 'family.repository', name: 'studentsOfGuardians (a school office: which students it may name)', run: (db) => studentsOfGuardians(db, scopeOf[4]![1], [5, 6]) },
  { file: 'home-figures.repository', name: 'attendanceByDay (the district, this year so far)', run: (db) => attendanceByDay(db, 1, 1, '2026-08-17', TODAY, 'all') },
  { file: 'home-figures.repository', name: 'attendanceByDay (a school)', run: (db) => attendanceByDay(db, 1, 1, '2026-08-17', TODAY, [3]) },
  { file: 'home-figures.repository', name: 'seniorAuditCounts (a school)', run: (db) => seniorAuditCounts(db, 1, TODAY, [3]) },
  { file: 'home-figures.repository', name: 'seniorsAtRiskByRequirement (the district)', run: (db) => seniorsAtRiskByRequirement(db, 1, TODAY, 'all') },
  { file: 'home-figures.repository', name: 'unresolvedAlertsByRule (a school)', run: (db) => unresolvedAlertsByRule(db, 1, [3]) },
  { file: 'readiness.repository', name: 'incompleteSchedulesBySchool (the district)', run: (db) => incompleteSchedulesBySchool(db, 1, TODAY, 'T', 'all') },
];
