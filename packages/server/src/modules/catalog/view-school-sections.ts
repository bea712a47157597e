import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { schoolSections as schoolSectionsAnswer, setupSection } from '@homeroom/core/api/catalog';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { schoolPeriods } from './school-places.repository.ts';
import { roomsOfSchool, schoolSections, teachersOfSchool, termsOfYear, type SectionRow } from './setup-sections.repository.ts';
import { SETUP_READERS } from './setup-access.ts';

type SetupSection = z.input<typeof setupSection>;

/** A section's meetings as the form shows them: one term (or the whole year) and one period. */
export function describeSection(r: SectionRow): SetupSection {
  const meetings = (r.meetings ?? []).map((m) => {
    const [term, periodId, periodCode] = m.split(' ') as [string, string, string];
    return { term, period: { id: Number(periodId), code: periodCode } };
  });
  const terms = [...new Set(meetings.map((m) => m.term))];
  return {
    id: r.id,
    code: r.code,
    course: { id: r.course_id, code: r.course_code, title: r.course_title, termLength: r.term_length as 'semester' | 'year' },
    term: terms.length === 0 ? null : terms.length > 1 ? 'year' : (terms[0] as 'S1' | 'S2' | 'SU'),
    period: meetings[0]?.period ?? null,
    teacher: r.staff_id === null ? null : { staffId: r.staff_id, name: r.teacher_name ?? '' },
    room: r.room_id === null ? null : { id: r.room_id, code: r.room_code ?? '' },
    capacity: r.capacity,
    enrolled: r.enrolled,
    locked: r.is_locked,
    program: r.program,
    version: r.version,
  };
}

export async function viewSection(db: Handle, actor: Actor, schoolId: number, schoolYearId: number, sectionId: number) {
  const [row] = await schoolSections(db, actor.districtId, schoolId, schoolYearId, actor.today, sectionId);
  if (!row) throw new Error(`section ${sectionId} vanished inside its own transaction`);
  return describeSection(row);
}

/** A school's sections of a year (this year unless named), and what a section may be given there. */
export async function viewSchoolSections(db: Kysely<Database>, actor: Actor, schoolId: number, schoolYear: string | undefined): Promise<z.input<typeof schoolSectionsAnswer>> {
  await requireSchool(db, actor, schoolId, SETUP_READERS);
  const year = await schoolYearByName(db, actor.districtId, schoolYear, 'current');
  const d = actor.districtId;
  const rows = await schoolSections(db, d, schoolId, year.id, actor.today);
  const terms = await termsOfYear(db, d, year.id);
  const periods = await schoolPeriods(db, d, schoolId);
  const rooms = await roomsOfSchool(db, d, schoolId);
  const teachers = await teachersOfSchool(db, d, schoolId, year.id);
  return {
    schoolId,
    schoolYear: { id: year.id, name: year.name },
    items: rows.map(describeSection),
    choices: {
      terms: terms.map((t) => ({ id: t.id, code: t.code, name: t.name })),
      periods: periods.map((p) => ({ id: p.id, code: p.code, name: p.name })),
      rooms: rooms.map((r) => ({ id: r.id, code: r.code, kind: r.room_type, capacity: r.capacity })),
      teachers: teachers.map((t) => ({ staffId: t.staff_id, name: t.name })),
    },
  };
}
