import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from '../db/testing.ts';
import { createSmallDistrict } from '../testing/small-district.ts';
import { ATTENDANCE_OFFICE, refuseWhileViewing, requireSchool, requireSection, servesSchool } from './access.ts';
import { ROLES, type Actor } from './roles.ts';
import { loadActor } from './sessions.ts';
import { studentIsVisible } from './student-record.ts';

/**
 * The scopes asked directly, for every role, not only through HTTP: on 20 September Devon has
 * moved from North to South (the 16th), Casey has left the teacher's section (the 1st), Blake's
 * father is restricted by a court order. Each row is a whole answer, so a scope that widens or
 * narrows for one role fails here by name.
 */
const ON = fixedClock(new Date('2026-09-20T19:00:00Z'));

const STUDENTS_SEEN: Record<string, string[]> = {
  admin: ['avery', 'blake', 'casey', 'devon'],
  principal: ['avery', 'blake', 'casey'],
  'south-principal': ['devon'],
  counselor: ['devon'],
  teacher: ['avery', 'blake'],
  clerk: ['avery', 'blake', 'casey'],
  helpdesk: [],
  student: ['avery'],
  parent: ['avery'],
  'restricted-parent': [],
};

const SECTIONS_SEEN: Record<string, string[]> = {
  admin: ['taught', 'northOther', 'south'],
  principal: ['taught', 'northOther'],
  'south-principal': ['south'],
  counselor: ['south'],
  teacher: ['taught'],
  clerk: ['taught', 'northOther'],
  helpdesk: [],
  student: [],
  parent: [],
  'restricted-parent': [],
};

const OFFICE_OF: Record<string, string[]> = {
  admin: ['north', 'south'],
  principal: ['north'],
  'south-principal': ['south'],
  clerk: ['north'],
};

describe.each(testDatabaseKinds())('who may see what, asked of the access module (%s)', (kind) => {
  let handle: DatabaseHandle;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  const actors = new Map<string, Actor>();
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    world = await createSmallDistrict(handle.db);
    for (const name of Object.keys(STUDENTS_SEEN)) actors.set(name, (await loadActor(handle.db, world.districtId, world.users[name]!, 'session', ON))!);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('every role of the product is asked about', () => {
    expect(new Set([...actors.values()].flatMap((a) => a.roles.map((g) => g.role)))).toEqual(new Set(ROLES));
  });

  it.each(Object.entries(STUDENTS_SEEN))('%s sees exactly these students', async (name, expected) => {
    const actor = actors.get(name)!;
    const seen = [];
    for (const [student, id] of Object.entries(world.students)) if (await studentIsVisible(handle.db, actor, id)) seen.push(student);
    expect(seen).toEqual(expected);
  });

  it.each(Object.entries(SECTIONS_SEEN))('%s works with exactly these sections', async (name, expected) => {
    const actor = actors.get(name)!;
    const seen = [];
    for (const [section, id] of Object.entries(world.sections)) {
      const found = await requireSection(handle.db, actor, id, ROLES).then(() => true, () => false);
      if (found) seen.push(section);
    }
    expect(seen).toEqual(expected);
  });

  it('a section is narrowed to the roles a use case names: a teacher is not a clerk of their own class', async () => {
    await expect(requireSection(handle.db, actors.get('teacher')!, world.sections.taught, ['attendance-clerk', 'school-admin'])).rejects.toMatchObject({ status: 404 });
    await expect(requireSection(handle.db, actors.get('clerk')!, world.sections.taught, ['teacher'])).rejects.toMatchObject({ status: 404 });
  });

  it.each(Object.keys(STUDENTS_SEEN))("%s runs the attendance office of exactly its schools, and another school's id is not found", async (name) => {
    const actor = actors.get(name)!;
    const offices = Object.entries(world.schools).filter(([, id]) => servesSchool(actor, id, ATTENDANCE_OFFICE)).map(([school]) => school);
    expect(offices).toEqual(OFFICE_OF[name] ?? []);
    for (const [school, id] of Object.entries(world.schools)) {
      const found = await requireSchool(handle.db, actor, id, ATTENDANCE_OFFICE).then(() => true, () => false);
      expect(found, school).toBe(offices.includes(school));
    }
  });

  it("a student id from another district is nobody's", async () => {
    const other = await createSmallDistrict(handle.db, 'OTHER');
    for (const [name, actor] of actors) expect(await studentIsVisible(handle.db, actor, other.students.avery), name).toBe(false);
    await expect(requireSection(handle.db, actors.get('admin')!, other.sections.taught, ROLES)).rejects.toMatchObject({ status: 404 });
  });

  it('a help-desk agent viewing as a user changes nothing, whoever the user is', () => {
    const teacher = actors.get('teacher')!;
    expect(() => refuseWhileViewing(teacher)).not.toThrow();
    expect(() => refuseWhileViewing({ ...teacher, viewedBy: { userId: 1, username: 'helpdesk' } })).toThrow(expect.objectContaining({ status: 403, code: 'read-only-view' }));
  });
});
