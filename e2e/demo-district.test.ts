import { describe, expect, it } from 'vitest';
import type { APIRequestContext } from 'playwright-core';
import type { CourseEntry } from '@homeroom/core/formats/transcript';
import { districtToday } from '../packages/server/src/clock.ts';
import { DEMO_PASSWORD } from '../packages/server/src/auth/demo-accounts.ts';
import { requirementSetsFor } from '../packages/server/src/modules/graduation/graduation.repository.ts';
import { auditStudent } from '../packages/server/src/modules/graduation/student-audit.ts';
import { loadStudentTranscripts } from '../packages/server/src/modules/transcripts/student-transcript.ts';
import { expectAccessible, h1, newPerson, screenshot, signIn, startDemoHomeroom, useHomeroom } from './support/homeroom.ts';

// Each role's main task on the demo district `npm start` loads, as the issue asks: the teacher's
// roster, the senior and the school are chosen at run time from the database and the API, so the
// walks hold whatever the generator makes and whatever day the suite runs on.
const homeroom = useHomeroom(startDemoHomeroom);

/** Today as the server judges it: the district's day in its time zone, never UTC's (issue #23). */
async function isoToday(): Promise<string> {
  const { id } = await homeroom.db.selectFrom('district').select('id').orderBy('id').executeTakeFirstOrThrow();
  return districtToday(homeroom.db, id);
}

/** The latest instructional day of a school's calendar on or before today: today need not be a school day. */
async function latestSchoolDay(schoolId: number): Promise<string> {
  const row = await homeroom.db
    .selectFrom('calendar_day')
    .select('day')
    .where('school_id', '=', schoolId)
    .where('is_instructional', '=', true)
    .where('day', '<=', await isoToday())
    .orderBy('day', 'desc')
    .executeTakeFirstOrThrow();
  return String(row.day).slice(0, 10);
}

/**
 * The demo district lets teachers change attendance one day back, so on a Monday (or in a holiday)
 * the latest school day is out of a teacher's reach: the window is widened to reach it, as a
 * district may set it, rather than the walk depending on the day the suite runs.
 */
async function letTeachersReach(day: string): Promise<void> {
  const daysBack = Math.round((Date.parse(await isoToday()) - Date.parse(day)) / 86_400_000);
  const rule = await homeroom.db.selectFrom('attendance_rule').select(['district_id', 'teacher_edit_days']).executeTakeFirst();
  if (rule && rule.teacher_edit_days >= daysBack) return;
  if (rule) await homeroom.db.updateTable('attendance_rule').set({ teacher_edit_days: daysBack }).where('district_id', '=', rule.district_id).execute();
  else {
    const { district_id } = await homeroom.db.selectFrom('school').select('district_id').executeTakeFirstOrThrow();
    await homeroom.db.insertInto('attendance_rule').values({ district_id, teacher_edit_days: daysBack }).execute();
  }
}

describe('teacher on the demo district', () => {
  it('takes attendance for a full roster on the latest school day and sees the save confirmed', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'teacher', DEMO_PASSWORD);
    await h1(page).waitFor();
    await page.getByRole('link', { name: 'My sections', exact: true }).click();
    await h1(page).getByText('My sections').waitFor();
    const links = page.getByRole('link', { name: /^Roster and attendance/ });
    await links.first().waitFor();
    await screenshot(page, '90-demo-teacher-my-sections');
    await expectAccessible(page, 'my sections (demo)');

    // The teacher's fullest class on the latest school day: a spring section has nobody in November.
    const sectionIds = (await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).map((href) => Number(/\/sections\/(\d+)\/attendance/.exec(href)?.[1]));
    const sections = await homeroom.db.selectFrom('section').select(['id', 'school_id', 'code']).where('id', 'in', sectionIds).execute();
    const day = await latestSchoolDay(sections[0]!.school_id);
    const rosterOn = (sectionId: number) =>
      homeroom.db
        .selectFrom('section_roster')
        .select('student_id')
        .distinct()
        .where('section_id', '=', sectionId)
        .where('start_date', '<=', day)
        .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', day)]))
        .execute();
    const rosters = await Promise.all(sections.map(async (s) => ({ section: s, roster: await rosterOn(s.id) })));
    const { section, roster } = rosters.sort((a, b) => b.roster.length - a.roster.length)[0]!;
    const sectionId = section.id;
    expect(roster.length, `students on ${section.code} on ${day}`).toBeGreaterThan(2);
    await letTeachersReach(day);

    await page.goto(`/sections/${sectionId}/attendance?date=${day}`);
    await h1(page).getByText('Take attendance').waitFor();
    const sheet = page.locator('table.attendance-table');
    await sheet.waitFor();
    const rows = sheet.locator('tbody tr');
    expect(await rows.count()).toBe(roster.length);
    // Everyone is present by default: the teacher marks only the exceptions.
    await rows.nth(0).locator('select').selectOption('A');
    await rows.nth(1).locator('select').selectOption('T');
    await page.getByRole('button', { name: /^Save/ }).click();
    await page.getByText(/Saved at \d{1,2}:\d{2}/).waitFor();
    await screenshot(page, '91-demo-teacher-attendance-saved');
    await expectAccessible(page, 'attendance saved (demo)');

    // The save is one taking for the whole class; only the exceptions are rows of their own
    // (present is what a taken class's students are unless marked otherwise).
    const taking = await homeroom.db.selectFrom('attendance_taking').select(['result']).where('section_id', '=', sectionId).where('day', '=', day).execute();
    expect(taking).toHaveLength(1);
    expect(taking[0]!.result).toMatchObject({ students: roster.length, present: roster.length - 1, absent: 1, tardy: 1 });
    const stored = await homeroom.db.selectFrom('period_attendance').select(['student_id', 'code']).where('section_id', '=', sectionId).where('day', '=', day).execute();
    expect(stored.map((r) => r.code).sort()).toEqual(['A', 'T']);
    expect(roster.map((r) => r.student_id)).toEqual(expect.arrayContaining(stored.map((r) => r.student_id)));
    await context.close();
  });
});

interface FillRow {
  sectionId: number;
  section: string | null;
  title: string | null;
  course: string;
  slots: string[];
  enrolled: number;
  capacity: number;
}

interface ChangeCheck {
  ok: boolean;
  problems: string[];
}

/**
 * A senior at risk whom one section with a free seat puts on schedule to graduate: the audit is
 * computed with that course added as in progress (as the real audit counts a class taken now),
 * and the server's dry run then confirms there is no clash and a seat.
 */
async function findFixableSenior(request: APIRequestContext, csrf: string, schoolId: number) {
  const list = (await (await request.get(`/api/schools/${schoolId}/graduation-lists?list=seniors-at-risk&limit=5000`)).json()) as {
    items: Array<{ studentId: number; name: { first: string; last: string }; missing: unknown[] }>;
  };
  const fill = ((await (await request.get(`/api/schools/${schoolId}/schedule-report`)).json()) as { sectionFill: FillRow[] }).sectionFill.filter((s) => s.enrolled < s.capacity && s.slots.length > 0);
  // Only courses open to seniors: the dry run does not check a course's grades, a counselor would.
  const courses = await homeroom.db
    .selectFrom('section as s')
    .innerJoin('course as c', 'c.id', 's.course_id')
    .where((eb) => eb.and([eb.or([eb('c.low_grade', 'is', null), eb('c.low_grade', '<=', 12)]), eb.or([eb('c.high_grade', 'is', null), eb('c.high_grade', '>=', 12)])]))
    .select(['s.id', 'c.code', 'c.title', 'c.credits', 'c.ag_area', 'c.honors', 'c.uc_honors', 'c.subject', 'c.graduation_tags', 'c.language'])
    .where('s.id', 'in', fill.map((s) => s.sectionId))
    .execute();
  const courseOf = new Map(courses.map((c) => [c.id, c]));
  const district = (await homeroom.db.selectFrom('school').select('district_id').where('id', '=', schoolId).executeTakeFirstOrThrow()).district_id;
  const setFor = await requirementSetsFor(homeroom.db, district);
  const candidates = list.items.filter((s) => s.missing.length === 1).concat(list.items.filter((s) => s.missing.length > 1));
  const transcripts = new Map((await loadStudentTranscripts(homeroom.db, district, candidates.map((c) => c.studentId), { withInProgress: true })).map((t) => [t.studentId, t]));
  const tried: string[] = [];
  const dryRun = async (studentId: number, add: number[], drop: number[]) =>
    (await (await request.post(`/api/students/${studentId}/schedule-changes`, { headers: { 'x-csrf-token': csrf }, data: { add, drop, reason: 'looking for a fix', dryRun: true } })).json()) as ChangeCheck;
  for (const senior of candidates.slice(0, 40)) {
    const student = transcripts.get(senior.studentId)!;
    const set = setFor(student.transcript.student.cohort);
    const profile = (await (await request.get(`/api/students/${senior.studentId}`)).json()) as { schedule: { sections: Array<{ sectionId: number; section: string; course: { code: string; title: string } }> } };
    const current = profile.schedule.sections;
    const template = student.transcript.inProgress[0];
    // On schedule with this course added and those dropped, as the audit counts classes taken now.
    const onScheduleWith = (c: (typeof courses)[number], dropped: string[]) => {
      const added: CourseEntry = {
        course: c.code, repeats: null, title: c.title, gradeLevel: 12, schoolYear: template?.schoolYear ?? '2026-27', term: template?.term ?? 'S1', credits: Number(c.credits),
        ag: c.ag_area as CourseEntry['ag'], honors: c.honors as CourseEntry['honors'], ucHonors: c.uc_honors, subject: c.subject as CourseEntry['subject'], tags: c.graduation_tags, language: c.language,
      };
      const inProgress = [...student.transcript.inProgress.filter((e) => !dropped.includes(e.course)), added];
      return auditStudent({ ...student, transcript: { ...student.transcript, inProgress } }, set).summary.onScheduleToGraduate;
    };
    for (const s of fill) {
      const c = courseOf.get(s.sectionId);
      if (!c || current.some((x) => x.course.code === c.code) || student.transcript.marks.some((m) => m.course === c.code)) continue;
      if (!onScheduleWith(c, [])) continue;
      const check = await dryRun(senior.studentId, [s.sectionId], []);
      if (check.ok) return { senior, section: s, drop: [] };
      // A full schedule: make room by dropping the classes in the way, if the senior can spare them.
      const inTheWay = current.filter((x) => check.problems.some((p) => p.includes(`clashes with ${x.section} `)));
      if (inTheWay.length === 0 || check.problems.some((p) => !p.includes(' clashes with '))) continue;
      if (!onScheduleWith(c, inTheWay.map((x) => x.course.code))) continue;
      const swap = await dryRun(senior.studentId, [s.sectionId], inTheWay.map((x) => x.sectionId));
      tried.push(`${senior.name.last} + ${s.section} - ${inTheWay.map((x) => x.section).join(', ')}: ${swap.ok ? 'ok' : swap.problems.join('; ')}`);
      if (swap.ok) return { senior, section: s, drop: inTheWay };
    }
  }
  throw new Error(`no senior at risk at school ${schoolId} is put on schedule by one section with a free seat; tried:\n${tried.slice(0, 20).join('\n')}`);
}

describe('counselor on the demo district', () => {
  it("adds the section a senior needs, with clashes and seats checked, so the audit turns to on schedule", async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'counselor', DEMO_PASSWORD);
    await h1(page).getByText('Caseload and students').waitFor();
    const session = (await (await page.request.get('/api/auth/session')).json()) as { csrfToken: string; user: { roles: Array<{ schoolId: number | null }> } };
    const schoolId = session.user.roles.find((r) => r.schoolId !== null)!.schoolId!;
    const { senior, section, drop } = await findFixableSenior(page.request, session.csrfToken, schoolId);
    const name = `${senior.name.last}, ${senior.name.first}`;

    await page.getByRole('link', { name: 'Graduation worklists', exact: true }).click();
    const atRisk = page.locator('table[data-list="seniors-at-risk"]');
    const row = atRisk.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await row.first().waitFor();
    await screenshot(page, '92-demo-counselor-worklists');
    await expectAccessible(page, 'graduation worklists (demo)');

    await page.goto(`/students/${senior.studentId}`);
    await h1(page).getByText(name).waitFor();
    await page.getByRole('tab', { name: 'Graduation audit' }).click();
    await page.getByTestId('on-schedule').waitFor();
    expect(await page.getByTestId('on-schedule').innerText()).toContain('no');
    await screenshot(page, '93-demo-counselor-audit-before');
    await expectAccessible(page, 'graduation audit (demo)');

    await page.getByRole('tab', { name: 'Schedule change' }).click();
    const label = `${section.section ?? `Section ${section.sectionId}`} — ${section.title ?? section.course} (`;
    for (const x of drop) await page.getByLabel(`${x.section} — ${x.course.title} (`, { exact: false }).first().check();
    await page.getByLabel(label, { exact: false }).first().check();
    await page.getByLabel('Reason').fill('needed to graduate');
    await page.getByRole('button', { name: 'Check clashes and seats' }).click();
    await page.getByText('No clashes, and there are seats. You can save.').waitFor();
    await screenshot(page, '94-demo-counselor-schedule-change-checked');
    await expectAccessible(page, 'schedule change checked (demo)');
    await page.getByRole('button', { name: 'Save the change' }).click();
    await page.getByText(/^Saved\. The schedule/).waitFor();
    const seat = await homeroom.db.selectFrom('section_roster').select('id').where('section_id', '=', section.sectionId).where('student_id', '=', senior.studentId).where('end_date', 'is', null).execute();
    expect(seat.length).toBe(1);

    await page.getByRole('tab', { name: 'Graduation audit' }).click();
    await page.getByTestId('on-schedule').getByText(/yes/).waitFor();
    await screenshot(page, '95-demo-counselor-audit-after');

    await page.getByRole('link', { name: 'Graduation worklists', exact: true }).click();
    await atRisk.waitFor();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await atRisk.getByRole('link', { name, exact: true }).count()).toBe(0);
    await screenshot(page, '96-demo-counselor-worklists-after');
    await context.close();
  });
});

describe('school administrator on the demo district', () => {
  it("starts next year's master schedule from this year's, runs next year's student scheduling, previews and commits it", async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'principal', DEMO_PASSWORD);
    await h1(page).waitFor();
    // The demo's course requests are for 2027-28, which has no sections until this year's master
    // schedule is carried over.
    await page.getByRole('link', { name: /^Master schedule/ }).click();
    await h1(page).getByText(/^Master schedule/).waitFor();
    await page.getByLabel('School year').selectOption('2027-28');
    await page.getByRole('button', { name: /^Start 2027-28 from 2026-27/ }).click();
    await page.getByRole('heading', { name: 'Periods by teacher' }).waitFor();
    await page.getByRole('link', { name: 'School and scheduling', exact: true }).click();
    await h1(page).getByText(/: figures and scheduling$/).waitFor();
    await page.getByRole('table', { name: 'Section fill' }).waitFor();
    await screenshot(page, '97-demo-admin-school');
    await expectAccessible(page, 'school and scheduling (demo)');

    await page.getByLabel('School year to schedule').selectOption('2027-28');
    await page.getByRole('button', { name: 'Start a scheduling run for 2027-28' }).click();
    await page.getByText(/Preview — nothing has changed yet/).waitFor({ timeout: 120_000 });
    await page.getByText('Schedules for 2027-28.').waitFor();
    await page.getByText('Required requests met').waitFor();
    await screenshot(page, '98-demo-admin-run-preview');
    await expectAccessible(page, 'scheduling run preview (demo)');
    await page.getByRole('button', { name: /^Commit/ }).click();
    await page.getByText(/Committed.*Students’ schedules are updated/).waitFor({ timeout: 60_000 });
    const run = await homeroom.db.selectFrom('scheduling_run').select(['status', 'kind', 'summary']).where('kind', '=', 'students').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect({ status: run.status, kind: run.kind }).toEqual({ status: 'committed', kind: 'students' });
    const summary = run.summary as { students: number; seatsAdded: number; requiredMet: number; requiredTotal: number };
    // Next year's students are placed: nearly every required request met, seats on rosters.
    expect(summary.students).toBeGreaterThan(500);
    expect(summary.seatsAdded).toBeGreaterThan(summary.students);
    expect(summary.requiredMet / summary.requiredTotal).toBeGreaterThan(0.95);
    await screenshot(page, '99-demo-admin-run-committed');
    await context.close();
  });
});

describe('the other roles on the demo district', () => {
  it('the attendance clerk opens the attendance office: ADA and chronic absence for the school', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'clerk', DEMO_PASSWORD);
    await h1(page).getByText('Front office').waitFor();
    await page.getByRole('link', { name: /^Attendance office: not taken today/ }).click();
    await h1(page).getByText(/^Attendance office/).waitFor();
    await page.getByRole('heading', { name: 'Average daily attendance (ADA)' }).waitFor();
    await page.getByRole('heading', { name: 'Chronically absent students' }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, '99a-demo-clerk-attendance-office');
    await expectAccessible(page, 'attendance office (demo)');
    await context.close();
  });

  it('the help desk views as the demo teacher, read-only, and stops', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'helpdesk', DEMO_PASSWORD);
    await h1(page).getByText('Help desk').waitFor();
    await page.getByLabel('Their username').fill('teacher');
    await page.getByLabel('Reason').fill('Ticket 1: cannot find her first period');
    await page.getByRole('button', { name: 'View as this user' }).click();
    const banner = page.getByRole('region', { name: 'Viewing as another user' });
    await banner.waitFor();
    await h1(page).getByText(/^Today, /).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, '99b-demo-helpdesk-viewing-as-teacher');
    await expectAccessible(page, 'help desk viewing as the demo teacher');
    await page.getByRole('button', { name: 'Stop viewing as teacher' }).click();
    await h1(page).getByText('Help desk').waitFor();
    expect(await banner.count()).toBe(0);
    await context.close();
  });

  it('the district administrator, a student and a parent each see their home', async () => {
    for (const [username, heading] of [['admin', /./], ['student', /./], ['parent', /^My children$/]] as const) {
      const { context, page } = await newPerson(homeroom);
      await signIn(page, username, DEMO_PASSWORD);
      await h1(page).getByText(heading).first().waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, `99c-demo-${username}-home`);
      await expectAccessible(page, `${username} home (demo)`);
      await context.close();
    }
  });
});
