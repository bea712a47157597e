import type { RunningHomeroom } from './homeroom.ts';

type Db = RunningHomeroom['db'];
type District = RunningHomeroom['district'];

async function currentYear(db: Db, d: number): Promise<number> {
  return (await db.selectFrom('school_year').select('id').where('district_id', '=', d).where('is_current', '=', true).executeTakeFirstOrThrow()).id;
}

async function fallTerm(db: Db, d: number): Promise<number> {
  return (await db.selectFrom('term').select('id').where('district_id', '=', d).where('code', '=', 'S1').executeTakeFirstOrThrow()).id;
}

/**
 * Jordan Ellis, a South High senior on the counselor's caseload, has every credit for the diploma
 * but Economics; Economics is offered in period 2 at South (free for Jordan, who has English in
 * period 1), and a second Economics section in period 1 clashes. Adding ECON-01 is what puts Jordan
 * on schedule to graduate.
 */
export async function addSouthSenior(db: Db, world: District) {
  const d = world.districtId;
  const south = world.schools.south;
  const year = await currentYear(db, d);
  const s1 = await fallTerm(db, d);
  const southP1 = (await db.selectFrom('period').select('id').where('district_id', '=', d).where('school_id', '=', south).where('code', '=', 'P1').executeTakeFirstOrThrow()).id;
  const { id: southP2 } = await db.insertInto('period').values({ district_id: d, school_id: south, code: 'P2', name: 'Period 2', sort_order: 2 }).returning('id').executeTakeFirstOrThrow();
  const { id: econ } = await db
    .insertInto('course')
    .values({ district_id: d, code: '250101', title: 'ECONOMICS', credits: '5', subject: 'social', ag_area: 'g', graduation_tags: ['econ'], low_grade: 12, high_grade: 12 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sections = await db
    .insertInto('section')
    .values([
      { district_id: d, school_id: south, school_year_id: year, course_id: econ, code: 'ECON-01', capacity: 30 },
      { district_id: d, school_id: south, school_year_id: year, course_id: econ, code: 'ECON-02', capacity: 30 },
    ])
    .returning('id')
    .execute();
  const [econFree, econClash] = sections.map((s) => s.id) as [number, number];
  await db
    .insertInto('section_meeting')
    .values([
      { district_id: d, section_id: econFree, term_id: s1, period_id: southP2 },
      { district_id: d, section_id: econClash, term_id: s1, period_id: southP1 },
    ])
    .execute();
  const { id: jordan } = await db
    .insertInto('student')
    .values({ district_id: d, local_id: '1005', state_id: '91005', first_name: 'Jordan', last_name: 'Ellis', birth_date: '2008-11-02', gender: 'X', cohort: 2027 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('enrollment').values({ district_id: d, student_id: jordan, school_id: south, school_year_id: year, grade_level: 12, entry_date: '2026-08-10', entry_code: 'E1' }).execute();
  await db.insertInto('counselor_caseload').values({ district_id: d, counselor_id: (await db.selectFrom('app_user').select('staff_id').where('username', '=', 'counselor').executeTakeFirstOrThrow()).staff_id!, student_id: jordan, school_year_id: year }).execute();
  await db.insertInto('section_roster').values({ district_id: d, section_id: world.sections.south, student_id: jordan, start_date: '2026-08-10', source: 'seed' }).execute();
  await db
    .insertInto('course_request')
    .values({ district_id: d, student_id: jordan, school_id: south, school_year_id: year, course_id: econ, required: true, priority: 1, source: 'graduation-audit', reason: 'missing requirement econ' })
    .execute();
  // Three years of passing marks: every diploma and A-G requirement met except Economics, and
  // 205 credits of the 210, so the 5 credits of Economics in progress complete the total too.
  const marks: Array<[string, string, number, string | null, string | null, string[]]> = [
    ['WHIST', 'WORLD HISTORY A', 10, 'a', 'social', ['world-history']],
    ['USHIST', 'US HISTORY A', 10, 'a', 'social', ['us-history']],
    ['ENG9', 'ENGLISH 9', 10, 'b', 'english', []],
    ['ENG10', 'ENGLISH 10', 10, 'b', 'english', []],
    ['ENG11', 'AMERICAN LITERATURE', 10, 'b', 'english', []],
    ['ENG12', 'ENGLISH 12', 10, 'b', 'english', []],
    ['ALG1', 'ALGEBRA 1', 10, 'c', 'math', []],
    ['GEOM', 'GEOMETRY', 10, 'c', 'math', []],
    ['ALG2', 'ALGEBRA 2', 10, 'c', 'math', []],
    ['BIO', 'BIOLOGY', 10, 'd', 'science', []],
    ['CHEM', 'CHEMISTRY', 10, 'd', 'science', []],
    ['SPAN1', 'SPANISH 1', 10, 'e', 'language', []],
    ['SPAN2', 'SPANISH 2', 10, 'e', 'language', []],
    ['ART1', 'ART 1', 10, 'f', 'arts', []],
    ['PSYCH', 'PSYCHOLOGY', 10, 'g', 'social', []],
    ['GOV', 'PRINCIPLES OF AMERICAN DEMOCRACY', 5, 'a', 'social', ['gov']],
    ['HLTH', 'HEALTH', 5, null, 'health', ['health']],
    ['PE9', 'PHYSICAL EDUCATION 9', 10, null, 'pe', []],
    ['PE10', 'PHYSICAL EDUCATION 10', 10, null, 'pe', []],
    ['ETHN', 'ETHNIC STUDIES', 5, 'g', 'social', ['ethnic-studies']],
    ['WOOD', 'WOODWORKING', 10, null, 'cte', []],
    ['ROBO', 'ROBOTICS', 10, null, 'cte', []],
  ];
  const years = ['2023-24', '2024-25', '2025-26'];
  await db
    .insertInto('transcript_entry')
    .values(
      marks.map(([code, title, credits, ag, subject, tags], i) => {
        const grade = 9 + (i % 3);
        return {
          district_id: d, student_id: jordan, school_id: south, course_id: null, course_code: code, course_title: title, grade_level: grade,
          school_year: years[grade - 9]!, term: i % 2 === 0 ? 'S1' : 'S2', mark: i % 4 === 0 ? 'A' : 'B', credits: String(credits), ag_area: ag, subject, graduation_tags: tags, source: 'historical',
        };
      }),
    )
    .execute();
  return { jordan, econFree, econClash, econ };
}

/**
 * North High before its first scheduling run: a second period, Art (a year course) in it, and
 * Avery's and Blake's requests for this year, so the run has something to place.
 */
export async function prepareNorthRun(db: Db, world: District) {
  const d = world.districtId;
  const north = world.schools.north;
  const year = await currentYear(db, d);
  const s1 = await fallTerm(db, d);
  const { id: p2 } = await db.insertInto('period').values({ district_id: d, school_id: north, code: 'P2', name: 'Period 2', sort_order: 2 }).returning('id').executeTakeFirstOrThrow();
  const { id: art } = await db.insertInto('course').values({ district_id: d, code: 'ART1', title: 'ART 1', credits: '5', subject: 'arts', ag_area: 'f' }).returning('id').executeTakeFirstOrThrow();
  const { id: artSection } = await db.insertInto('section').values({ district_id: d, school_id: north, school_year_id: year, course_id: art, code: 'ART1-01', capacity: 30 }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('section_meeting').values({ district_id: d, section_id: artSection, term_id: s1, period_id: p2 }).execute();
  await db
    .insertInto('course_request')
    .values([
      { district_id: d, student_id: world.students.avery, school_id: north, school_year_id: year, course_id: world.course, required: true, priority: 1, source: 'sequence' },
      { district_id: d, student_id: world.students.avery, school_id: north, school_year_id: year, course_id: art, required: false, priority: 5, source: 'student-choice' },
      { district_id: d, student_id: world.students.blake, school_id: north, school_year_id: year, course_id: art, required: false, priority: 5, source: 'student-choice' },
    ])
    .execute();
  return { artSection };
}
