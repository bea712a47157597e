import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateMasterInput, type MasterInput, type MasterScheduleOutput } from '../formats/master.ts';
import { spreadEvenlyMasterSchedule, type MasterBuildResult } from './master-baseline.ts';
import { buildMasterSchedule, sectioningJudge, type MasterBuild } from './master-builder.ts';
import { checkMasterHardRules } from './master-check.ts';
import { findMasterShortages } from './master-feasibility.ts';
import { buildSchoolModel } from './master-model.ts';
import { syntheticMasterInput, withTightRooms } from './synthetic-master.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

function valid(document: unknown): MasterInput {
  const result = validateMasterInput(document);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.input;
}

function built(result: MasterBuild | MasterBuildResult): MasterScheduleOutput {
  if (result.status !== 'built') throw new Error(result.reasons.join('\n'));
  return result.instance;
}

const exampleInput = () => valid(fixture('master-example.json'));
/** The example sectioned by the student scheduler: its figures are sectioning.md's. */
const section = (instance: MasterScheduleOutput) => sectioningJudge(1)(instance, 10);

describe('checkMasterHardRules', () => {
  it('passes the example output the spec gives', () => {
    expect(checkMasterHardRules(exampleInput(), fixture('master-example.instance.json'))).toEqual([]);
  });

  it('catches each kind of broken rule', () => {
    const input = exampleInput();
    const broken = (change: (o: MasterScheduleOutput) => void) => {
      const output = fixture('master-example.instance.json') as MasterScheduleOutput;
      change(output);
      return checkMasterHardRules(input, output);
    };
    const bySlot = (o: MasterScheduleOutput, id: string) => o.sections.find((s) => s.id === id)!;
    expect(broken((o) => o.sections.pop())).toContain('course RSP: 0 sections made, 1 asked');
    expect(broken((o) => (bySlot(o, 'GEO-02').teacher = 'T01'))).toContain('section GEO-02: teacher T01 is not qualified for GEO');
    expect(broken((o) => (bySlot(o, 'GEO-02').slots = ['S1-P1', 'S2-P1']))).toContain('section GEO-02: teacher T03 also teaches GEO-01 in S1-P1');
    expect(broken((o) => (bySlot(o, 'ENG10-01').room = 'R101'))).toEqual(expect.arrayContaining([expect.stringMatching(/room R101 also holds/)]));
    expect(broken((o) => (bySlot(o, 'BIO-01').room = 'R101'))).toEqual(expect.arrayContaining(['section BIO-01: room R101 is classroom, BIO needs lab', 'lock 4 (BIO): no section of its own keeps it']));
    expect(broken((o) => (bySlot(o, 'PE9-01').slots = ['S1-P3', 'S2-P3']))).toContain('section PE9-01: slots S1-P3, S2-P3 do not fit a sem course');
    expect(broken((o) => (bySlot(o, 'SPAN1-01').slots = ['S1-P1', 'S2-P1']))).toEqual(expect.arrayContaining(['section SPAN1-01: teacher T07 is unavailable in S1-P1']));
    expect(broken((o) => (bySlot(o, 'RSP-01').id = 'RSP-02'))).toEqual(expect.arrayContaining(['lock RSP-01: no section of its own keeps it']));
    expect(broken((o) => (bySlot(o, 'ALG1-01').capacity = 40))).toContain("section ALG1-01: capacity 40, not ALG1's 32");
    expect(broken((o) => (o.students = o.students.slice(1)))).toContain("students are not the input's, unchanged and in order");
  });
});

describe('findMasterShortages', () => {
  const shortages = (change: (d: ReturnType<typeof fixture>) => void) => {
    const document = fixture('master-example.json');
    change(document);
    return findMasterShortages(buildSchoolModel(valid(document)));
  };

  it('finds none in the example', () => {
    expect(shortages(() => {})).toEqual([]);
  });

  it('names a course its qualified teachers cannot cover', () => {
    expect(shortages((d) => (d.courses.find((c: { id: string }) => c.id === 'GEO').sections = 7))).toContain(
      'course GEO needs 7 sections a term but its qualified teachers (T02, T03) can teach at most 6',
    );
    expect(shortages((d) => (d.teachers.find((t: { id: string }) => t.id === 'T04').courses = ['HEALTH', 'ENG10']))).toContain('course WHIST has 1 sections but no qualified teacher');
  });

  it('names courses that share their teachers and together need too many', () => {
    const reasons = shortages((d) => {
      d.courses.find((c: { id: string }) => c.id === 'ALG1').sections = 3;
      d.courses.find((c: { id: string }) => c.id === 'GEO').sections = 4;
    });
    expect(reasons[0]).toMatch(/^courses .*ALG1.*GEO.* together need \d+ section-terms but the teachers qualified for them \(.*T02.*T03.*\) can teach at most \d+$/);
  });

  it('names a course with no room of its type and size', () => {
    expect(shortages((d) => (d.rooms = d.rooms.filter((r: { type: string }) => r.type !== 'gym')))).toContain('course PE9 needs a gym room but the school has none');
    expect(shortages((d) => (d.courses.find((c: { id: string }) => c.id === 'PE9').capacity = 70))).toContain('course PE9 needs a gym room seating 70 but the largest (G1) seats 60');
  });

  it('names locks that contradict one another', () => {
    expect(shortages((d) => d.locks.push({ course: 'ART1', slots: ['S1-P4', 'S2-P4'], teacher: 'T06' }))).toContain('lock 2 (CHOIR) and lock 6 (ART1) both put teacher T06 in S1-P4');
    expect(
      shortages((d) => {
        d.teachers.find((t: { id: string }) => t.id === 'T06').unavailableSlots = ['S2-P1'];
        d.locks.push({ course: 'ART1', slots: ['S1-P1', 'S2-P1'] });
      }),
    ).toContain('lock 6 (ART1) puts ART1 in S1-P1, S2-P1 but none of its qualified teachers (T06) is available in all of them');
    const student = fixture('master-example.json').students.find((s: { fixed?: string[] }) => s.fixed)!.id;
    expect(
      shortages((d) => {
        d.students.find((s: { id: string }) => s.id === student).unavailableSlots = ['S1-P2'];
      }),
    ).toContain(`student ${student} is fixed in RSP-01, which meets in S1-P2, a slot the student is unavailable`);
  });

  it('names a slot with more locked sections than teachers or rooms', () => {
    const reasons = shortages((d) => {
      d.courses.find((c: { id: string }) => c.id === 'GEO').sections = 3;
      for (let k = 0; k < 3; k++) d.locks.push({ course: 'GEO', slots: ['S1-P1', 'S2-P1'] });
    });
    expect(reasons.join('\n')).toMatch(/S1-P1 has 3 sections locked to it \(.*\) but teachers can take only 2 of them/);
  });

  it('makes the builder and the baseline answer infeasible with the reasons', () => {
    const document = fixture('master-example.json');
    document.courses.find((c: { id: string }) => c.id === 'GEO').sections = 7;
    const input = valid(document);
    const result = buildMasterSchedule(input, { judge: null });
    expect(result.status).toBe('infeasible');
    expect(result.status === 'infeasible' && result.reasons[0]).toMatch(/^course GEO needs 7 sections a term/);
    expect(spreadEvenlyMasterSchedule(input).status).toBe('infeasible');
  });
});

describe('buildMasterSchedule on the example', () => {
  const input = exampleInput();
  const output = built(buildMasterSchedule(input, { seed: 1, maxMoves: 1500 }));

  it('keeps every hard rule and every lock', () => {
    expect(checkMasterHardRules(input, output)).toEqual([]);
    const rsp = output.sections.find((s) => s.id === 'RSP-01')!;
    expect(rsp).toMatchObject({ slots: ['S1-P2', 'S2-P2'], teacher: 'T08', room: 'R104' });
    expect(output.sections.find((s) => s.course === 'SPAN1')!.teacher).toBe('T07');
    expect(output.sections.find((s) => s.course === 'BIO')!.room).toBe('R201');
    expect(output.sections.filter((s) => s.course === 'HEALTH').map((s) => s.slots.join())).toContain('S2-P3');
  });

  it('lets the student scheduler meet all 240 required requests, where the spread-evenly schedule allows fewer', () => {
    const builder = section(output);
    expect(builder.requiredMet).toBe(240);
    expect(builder.score).toBeGreaterThanOrEqual(2425);
    const plain = section(fixture('master-example.instance.json'));
    expect(plain.requiredMet).toBe(209);
    const spread = section(built(spreadEvenlyMasterSchedule(input, 1)));
    expect(spread.requiredMet).toBeLessThan(240);
  });

  it('gives the same schedule for the same seed', () => {
    const again = built(buildMasterSchedule(input, { seed: 1, maxMoves: 1500 }));
    expect(again).toEqual(output);
  });

  it('copies name, slots, courses and students as the format says', () => {
    expect(output.name).toBe(input.name);
    expect(output.slots).toEqual(['S1-P1', 'S1-P2', 'S1-P3', 'S1-P4', 'S2-P1', 'S2-P2', 'S2-P3', 'S2-P4']);
    expect(output.courses.map((c) => c.id)).toEqual(input.courses.map((c) => c.id));
    expect(output.students).toBe(input.students);
  });

  it('stops when the time limit is reached', () => {
    let clock = 0;
    const result = buildMasterSchedule(input, { seed: 2, timeLimitSeconds: 1, now: () => (clock += 5), judge: null });
    expect(result.status).toBe('built');
    expect(result.status === 'built' && result.stats.movesTried).toBeLessThan(400);
  });
});

describe('buildMasterSchedule from the schedule as it stands', () => {
  const input = exampleInput();
  const judgeOf = (result: MasterBuild) => (result.status === 'built' ? result.stats.judgement : null);

  it('never proposes a schedule the judge rates below the incumbent, and keeps the rules', () => {
    const plain = fixture('master-example.instance.json') as MasterScheduleOutput;
    const result = buildMasterSchedule(input, { seed: 1, maxMoves: 800, incumbent: plain });
    expect(checkMasterHardRules(input, built(result))).toEqual([]);
    const incumbent = section(plain);
    expect(judgeOf(result)!.score).toBeGreaterThanOrEqual(incumbent.score);
    // The plain schedule is a poor one: the build finds better and says where it came from.
    expect(judgeOf(result)!.requiredMet).toBe(240);
    expect(result.status === 'built' && result.stats.chosen).not.toBe('incumbent');
  });

  it('keeps a schedule nothing beats as it is: no section moves for nothing', () => {
    const best = built(buildMasterSchedule(input, { seed: 1, maxMoves: 1500 }));
    const again = buildMasterSchedule(input, { seed: 7, maxMoves: 300, incumbent: best });
    expect(judgeOf(again)!.score).toBeGreaterThanOrEqual(section(best).score);
    expect(again.status === 'built' && again.stats.chosen).toBe('incumbent');
    const where = (o: MasterScheduleOutput) => o.sections.map((s) => `${s.course} ${s.slots.join()} ${s.teacher} ${s.room}`).sort();
    expect(where(built(again))).toEqual(where(best));
  });

  it('starts from scratch, saying why, when the incumbent breaks a hard rule', () => {
    const broken = fixture('master-example.instance.json') as MasterScheduleOutput;
    broken.sections.find((s) => s.id === 'GEO-02')!.teacher = 'T01';
    const result = buildMasterSchedule(input, { seed: 1, maxMoves: 300, incumbent: broken });
    expect(checkMasterHardRules(input, built(result))).toEqual([]);
    expect(result.status === 'built' && result.stats.incumbentRefused).toMatch(/teacher T01 is not qualified/);
    expect(result.status === 'built' && result.stats.chosen).not.toBe('incumbent');
  });
});

describe('spreadEvenlyMasterSchedule', () => {
  it('spreads each course over the periods and keeps the rules', () => {
    const input = valid(syntheticMasterInput({ students: 400, seed: 3 }));
    const output = built(spreadEvenlyMasterSchedule(input, 7));
    expect(checkMasterHardRules(input, output)).toEqual([]);
    for (const course of input.courses.filter((c) => c.term === 'year' && c.sections >= input.periods)) {
      const perPeriod = new Map<string, number>();
      for (const s of output.sections.filter((x) => x.course === course.id)) perPeriod.set(s.slots[0]!.split('-')[1]!, (perPeriod.get(s.slots[0]!.split('-')[1]!) ?? 0) + 1);
      const counts = [...perPeriod.values()];
      expect(Math.max(...counts) - Math.min(...counts), course.id).toBeLessThanOrEqual(2);
    }
  });
});

describe('buildMasterSchedule on generated schools', () => {
  it('keeps every hard rule on a generated 600-student school, locks included', () => {
    const input = valid(JSON.parse(JSON.stringify(syntheticMasterInput({ students: 600, seed: 5 }))));
    const output = built(buildMasterSchedule(input, { seed: 5, maxMoves: 60, constructions: 2, judge: null }));
    expect(checkMasterHardRules(input, output)).toEqual([]);
    expect(output.sections.find((s) => s.course === 'BAND' && s.slots.includes('S1-P1'))).toBeDefined();
    expect(output.sections.filter((s) => s.id.startsWith('RSP-')).length).toBe(input.courses.find((c) => c.id === 'RSP')!.sections);
  });

  it('keeps every hard rule where some rooms are smaller than some courses and art and music rooms are scarce', () => {
    const input = valid(JSON.parse(JSON.stringify(withTightRooms(syntheticMasterInput({ students: 400, seed: 2 })))));
    // The school is as tight as it says: 30-seat classrooms beside 34-seat courses, and a teacher of both art and music.
    expect(input.rooms.some((r) => r.type === 'classroom' && r.capacity === 30)).toBe(true);
    expect(input.teachers.some((t) => t.courses.includes('ART1') && t.courses.includes('JAZZ'))).toBe(true);
    for (const seed of [1, 2]) {
      const output = built(buildMasterSchedule(input, { seed, maxMoves: 600, constructions: 2, judge: null }));
      expect(checkMasterHardRules(input, output)).toEqual([]);
    }
  });

  it('keeps every hard rule or names a shortage on small random schools', () => {
    const outcomes = { built: 0, infeasible: 0 };
    fc.assert(
      fc.property(smallSchool(), fc.integer({ min: 1, max: 1000 }), (document, seed) => {
        const validation = validateMasterInput(document);
        fc.pre(validation.ok);
        if (!validation.ok) return;
        const result = buildMasterSchedule(validation.input, { seed, maxMoves: 30, constructions: 2, judge: null });
        outcomes[result.status]++;
        if (result.status === 'built') expect(checkMasterHardRules(validation.input, result.instance)).toEqual([]);
        else expect(result.reasons.length).toBeGreaterThan(0);
        const spread = spreadEvenlyMasterSchedule(validation.input, seed);
        if (spread.status === 'built') expect(checkMasterHardRules(validation.input, spread.instance)).toEqual([]);
      }),
      { numRuns: 150, seed: 42 },
    );
    // The property means something only if both outcomes occur often.
    expect(outcomes.built).toBeGreaterThan(20);
    expect(outcomes.infeasible).toBeGreaterThan(5);
  });

  it('whatever the school, writes a schedule that passes the checker or refuses, and never refuses its own schedule', () => {
    // Art, music and classrooms of 24, 30 and 34 seats, teachers qualified across them, and
    // students whose requests give the search something to improve: the moves that once handed a
    // section its colleague's room (too small, or of another kind) are tried often here.
    const outcomes = { built: 0, infeasible: 0 };
    fc.assert(
      fc.property(tightRoomSchool(), fc.integer({ min: 1, max: 1000 }), (document, seed) => {
        const validation = validateMasterInput(document);
        fc.pre(validation.ok);
        if (!validation.ok) return;
        const result = buildMasterSchedule(validation.input, { seed, maxMoves: 200, constructions: 2, judge: null });
        outcomes[result.status]++;
        if (result.status === 'built') expect(checkMasterHardRules(validation.input, result.instance)).toEqual([]);
        else {
          expect(result.reasons.length).toBeGreaterThan(0);
          expect(result.brokenRules).toBeUndefined();
        }
      }),
      { numRuns: 150, seed: 7 },
    );
    expect(outcomes.built).toBeGreaterThan(30);
    expect(outcomes.infeasible).toBeGreaterThan(5);
  });
});

/** Random small schools, locks and fixed students included; some invalid, which the property skips. */
function smallSchool() {
  return fc
    .record({
      terms: fc.integer({ min: 1, max: 2 }),
      periods: fc.integer({ min: 2, max: 4 }),
      courses: fc.array(fc.record({ year: fc.boolean(), sections: fc.integer({ min: 0, max: 3 }), capacity: fc.integer({ min: 5, max: 30 }), lab: fc.boolean() }), { minLength: 1, maxLength: 5 }),
      teachers: fc.array(fc.record({ courses: fc.subarray([0, 1, 2, 3, 4]), maxSections: fc.integer({ min: 0, max: 4 }), away: fc.subarray([0, 1, 2, 3, 4, 5, 6, 7]) }), { minLength: 1, maxLength: 5 }),
      rooms: fc.array(fc.record({ lab: fc.boolean(), capacity: fc.integer({ min: 5, max: 35 }) }), { minLength: 1, maxLength: 5 }),
      locks: fc.array(fc.record({ course: fc.nat(4), period: fc.option(fc.nat(3)), term: fc.nat(1), teacher: fc.option(fc.nat(4)), room: fc.option(fc.nat(4)) }), { maxLength: 3 }),
      students: fc.array(fc.record({ requests: fc.subarray([0, 1, 2, 3, 4]), fixedIn: fc.option(fc.nat(2)), away: fc.subarray([0, 1, 2, 3]) }), { maxLength: 12 }),
    })
    .map((s) => {
      const terms = ['S1', 'S2'].slice(0, s.terms);
      const slots = terms.flatMap((t) => Array.from({ length: s.periods }, (_, p) => `${t}-P${p + 1}`));
      const courses = s.courses.map((c, i) => ({ id: `C${i}`, title: `Course ${i}`, term: c.year ? 'year' : 'sem', sections: c.sections, capacity: c.capacity, roomType: c.lab ? 'lab' : 'classroom' }));
      const locks = s.locks
        .filter((l) => l.course < courses.length)
        .map((l, i) => {
          const course = courses[l.course]!;
          const lock: Record<string, unknown> = { id: `L${i}`, course: course.id };
          if (l.period !== null && l.period < s.periods) lock.slots = course.term === 'year' ? terms.map((t) => `${t}-P${l.period! + 1}`) : [`${terms[Math.min(l.term, terms.length - 1)]}-P${l.period + 1}`];
          if (l.teacher !== null && l.teacher < s.teachers.length) lock.teacher = `T${l.teacher}`;
          if (l.room !== null && l.room < s.rooms.length) lock.room = `R${l.room}`;
          return lock;
        });
      return {
        format: 'homeroom.master/v1',
        terms,
        periods: s.periods,
        courses,
        teachers: s.teachers.map((t, i) => ({
          id: `T${i}`,
          courses: t.courses.map((c) => `C${c}`),
          maxSections: t.maxSections,
          unavailableSlots: t.away.filter((k) => k < slots.length).map((k) => slots[k]!),
        })),
        rooms: s.rooms.map((r, i) => ({ id: `R${i}`, type: r.lab ? 'lab' : 'classroom', capacity: r.capacity })),
        locks,
        students: s.students.map((st, i) => ({
          id: `S${i}`,
          requests: st.requests.map((c) => ({ course: `C${c}`, required: c % 2 === 0, priority: 1, alternates: [] })),
          ...(st.fixedIn !== null && st.fixedIn < locks.length ? { fixed: [`L${st.fixedIn}`] } : {}),
          unavailableSlots: st.away.filter((k) => k < slots.length).map((k) => slots[k]!),
        })),
      };
    });
}

/**
 * Random small schools where rooms are tight: art, music and classrooms of 24, 30 and 34 seats,
 * each course with one room that fits it and a few that do not, teachers qualified for courses of
 * different kinds and sizes, and students whose requests give the search something to improve.
 */
function tightRoomSchool() {
  const types = ['classroom', 'art', 'music'];
  const sizes = [24, 30, 34];
  return fc
    .record({
      periods: fc.integer({ min: 2, max: 4 }),
      courses: fc.array(fc.record({ year: fc.boolean(), sections: fc.integer({ min: 1, max: 3 }), size: fc.nat(2), type: fc.nat(2) }), { minLength: 2, maxLength: 5 }),
      spareRooms: fc.array(fc.record({ size: fc.nat(2), type: fc.nat(2) }), { maxLength: 4 }),
      teachers: fc.array(fc.record({ courses: fc.subarray([0, 1, 2, 3, 4], { minLength: 1 }), maxSections: fc.integer({ min: 2, max: 4 }) }), { minLength: 1, maxLength: 4 }),
      students: fc.array(fc.subarray([0, 1, 2, 3, 4], { minLength: 1 }), { maxLength: 15 }),
    })
    .map((s) => {
      const courses = s.courses.map((c, i) => ({ id: `C${i}`, title: `Course ${i}`, term: c.year ? 'year' : 'sem', sections: c.sections, capacity: sizes[c.size]!, roomType: types[c.type]! }));
      // Every course has a teacher: course i goes to teacher i mod the number of teachers too.
      const teachers = s.teachers.map((t, k) => ({
        id: `T${k}`,
        courses: [...new Set([...t.courses.filter((c) => c < courses.length), ...courses.flatMap((_, c) => (c % s.teachers.length === k ? [c] : []))])].map((c) => `C${c}`),
        maxSections: t.maxSections,
      }));
      const rooms = [
        ...courses.map((c, i) => ({ id: `R${i}`, type: c.roomType, capacity: c.capacity })),
        ...s.spareRooms.map((r, i) => ({ id: `X${i}`, type: types[r.type]!, capacity: sizes[r.size]! })),
      ];
      return {
        format: 'homeroom.master/v1',
        terms: ['S1', 'S2'],
        periods: s.periods,
        courses,
        teachers,
        rooms,
        students: s.students.map((wants, i) => ({
          id: `S${i}`,
          requests: wants.filter((c) => c < courses.length).map((c) => ({ course: `C${c}`, required: c % 2 === 0, priority: 1, alternates: [] })),
        })),
      };
    });
}
