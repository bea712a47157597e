import { describe, expect, it } from 'vitest';
import { validateMasterInput } from '../formats/master.ts';
import { buildSchoolModel } from './master-model.ts';
import { IllegalPlacement, Timetable } from './master-timetable.ts';

/** One teacher of English (34 seats) and Reading (30), one of Art and Jazz Band; a room that fits each course. */
function school() {
  const validation = validateMasterInput({
    format: 'homeroom.master/v1',
    terms: ['S1', 'S2'],
    periods: 2,
    courses: [
      { id: 'ENG', title: 'English', term: 'year', sections: 1, capacity: 34 },
      { id: 'READ', title: 'Reading', term: 'year', sections: 1, capacity: 30 },
      { id: 'ART', title: 'Art', term: 'year', sections: 1, capacity: 30, roomType: 'art' },
      { id: 'JAZZ', title: 'Jazz Band', term: 'year', sections: 1, capacity: 24, roomType: 'music' },
    ],
    teachers: [
      { id: 'T1', courses: ['ENG', 'READ'], maxSections: 2 },
      { id: 'T2', courses: ['ART', 'JAZZ'], maxSections: 2 },
    ],
    rooms: [
      { id: 'R34', type: 'classroom', capacity: 34 },
      { id: 'R30', type: 'classroom', capacity: 30 },
      { id: 'STUDIO', type: 'art', capacity: 30 },
      { id: 'CHOIR', type: 'music', capacity: 60 },
    ],
    students: [],
  });
  if (!validation.ok) throw new Error(validation.errors.join('\n'));
  const model = buildSchoolModel(validation.input);
  const section = (course: string) => model.sections.findIndex((s) => model.courses[s.course]!.id === course);
  const room = (id: string) => model.input.rooms.findIndex((r) => r.id === id);
  return { model, section, room, timetable: new Timetable(model) };
}

describe('Timetable', () => {
  it("does not hand a section a preferred room that is too small or of another type, though it is free", () => {
    const { section, room, timetable } = school();
    // What a swap of two of a teacher's sections asks: the colleague section's room.
    expect(timetable.roomFor(section('ENG'), 1, room('R30'))).toBe(room('R34'));
    expect(timetable.roomFor(section('ART'), 1, room('CHOIR'))).toBe(room('STUDIO'));
    expect(timetable.roomFor(section('JAZZ'), 1, room('STUDIO'))).toBe(room('CHOIR'));
    // A preferred room that suits is kept.
    expect(timetable.roomFor(section('READ'), 1, room('R34'))).toBe(room('R34'));
  });

  it('refuses a placement that breaks a hard rule, naming the section, and changes nothing', () => {
    const { model, section, room, timetable } = school();
    const teacher = (id: string) => model.input.teachers.findIndex((t) => t.id === id);
    expect(() => timetable.place(section('ENG'), 0, teacher('T1'), room('R30'))).toThrow(new IllegalPlacement('ENG-01', 'room R30 does not suit ENG (it needs a room of type classroom seating 34)'));
    expect(() => timetable.place(section('ART'), 0, teacher('T2'), room('CHOIR'))).toThrow(/section ART-01: room CHOIR does not suit ART/);
    expect(() => timetable.place(section('ENG'), 0, teacher('T2'), room('R34'))).toThrow(/section ENG-01: teacher T2 may not teach it/);
    expect(timetable.isPlaced(section('ENG'))).toBe(false);
    timetable.place(section('ENG'), 0, teacher('T1'), room('R34'));
    expect(() => timetable.place(section('READ'), 0, teacher('T1'), room('R30'))).toThrow(/teacher T1 is busy/);
    expect(() => timetable.place(section('READ'), 1, teacher('T1'), room('R34'))).not.toThrow();
    expect(() => timetable.place(section('JAZZ'), 2, teacher('T2'), room('CHOIR'))).toThrow(/not a time a year course meets/);
  });
});
