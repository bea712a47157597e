import type { Kysely } from 'kysely';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import { maySeeProtectedPrograms } from '../../auth/access.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import { hasRole, type Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { enrollmentHistory, findStudent, guardiansOf, scheduleOn } from './students.repository.ts';

/** The student profile: who they are, their programs, where they have been enrolled, their schedule. */
export async function viewStudent(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, scheduleDate: string | null) {
  return withStudentRecord(db, actor, origin, studentId, { entity: 'student', action: 'read' }, async (trx) => {
    const student = (await findStudent(trx, actor.districtId, studentId))!;
    const [enrollments, schedule] = await Promise.all([enrollmentHistory(trx, actor.districtId, studentId), scheduleOn(trx, actor.districtId, studentId, scheduleDate ?? actor.today)]);
    const guardians = hasRole(actor, 'student') && !hasRole(actor, 'district-admin', 'school-admin', 'counselor', 'teacher', 'attendance-clerk') ? [] : await guardiansOf(trx, actor.districtId, studentId);
    const protectedPrograms = maySeeProtectedPrograms(actor);
    return {
      body: {
        id: student.id,
        localId: student.local_id,
        stateId: student.state_id,
        name: { first: student.first_name, middle: student.middle_name, last: student.last_name, preferred: student.preferred_name },
        birthDate: student.birth_date,
        gender: student.gender,
        homeLanguage: student.home_language,
        cohort: student.cohort,
        residency: student.residency,
        directoryOptOut: student.directory_opt_out,
        programs: {
          englishLearner: student.el_status,
          gifted: student.gifted,
          ...(protectedPrograms
            ? { specialEducation: student.iep, section504: student.section_504, foster: student.foster, homeless: student.homeless, lowIncome: student.low_income }
            : {}),
        },
        enrollments: enrollments.map((e) => ({
          school: { id: e.school_id, name: e.school_name },
          schoolYear: e.school_year,
          grade: e.grade_level,
          entered: { date: e.entry_date, code: e.entry_code },
          exited: e.exit_date ? { date: e.exit_date, code: e.exit_code } : null,
          id: e.id,
          version: e.version,
        })),
        schedule: { date: scheduleDate, sections: schedule.map((s) => ({ sectionId: s.section_id, section: s.section_code, course: { code: s.course_code, title: s.course_title }, slots: s.slots ?? [], teachers: s.teachers, room: s.room, since: s.start_date })) },
        guardians: guardians.map((g) => ({
          id: g.id,
          name: { first: g.first_name, last: g.last_name },
          relationship: g.relationship,
          email: g.email,
          phone: g.phone,
          preferredLanguage: g.preferred_language,
          livesWith: g.lives_with,
          custody: g.has_custody,
          educationalRights: g.educational_rights,
          accessRestricted: g.access_restricted,
          emergencyContact: g.emergency_contact,
        })),
        version: student.version,
      },
      version: student.version,
    };
  });
}
