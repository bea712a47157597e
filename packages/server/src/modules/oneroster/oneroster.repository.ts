import { sql, type RawBuilder } from 'kysely';
import type { FilterExpression } from '@homeroom/core/formats/oneroster-rest/filter';
import type { Handle } from '../../db/handle.ts';

/**
 * Each OneRoster collection is one SQL source: a select whose columns are named as the binding
 * names the fields (quoted, camelCase) for every field a client may filter or sort on, plus
 * columns starting with "_" that the mapper reads (arrays, references, the ordering key). The
 * paging, filter and sort below apply to any source alike, so each collection is written once.
 */
export interface RosterSource {
  /** The select, for the district; `from` bounds the ordering key when paging seeks by index. */
  select(districtId: number, today: string, from: number | null): RawBuilder<unknown>;
  /** The order of a page when the client gives none: the source's own keys, which an index serves. */
  order: string[];
  /** The source's key columns read from its table alone (no joins), for seeking an offset by index. */
  keysOnly?(districtId: number): RawBuilder<unknown>;
}

/**
 * A record's sourcedId, as the database function oneroster_sourced_id (migration 0017) defines it:
 * the one it was imported with, else one derived from its id. Written out in the query rather than
 * called, so that the planner runs it as an index lookup in the plan; a call of the SQL function
 * runs a query of its own for each row, and four to eight a row made most of an export's time.
 */
const sourcedId = (district: string, recordType: string, id: string, prefix: string) =>
  sql.raw(`coalesce((select o.sourced_id from oneroster_record o where o.district_id = ${district} and o.record_type = '${recordType}' and o.record_id = ${id} and o.ended_on is null
    order by o.imported_at desc, o.sourced_id limit 1), '${prefix}' || ${id})`);
const ts = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
const day = (column: string) => sql.raw(`to_char(${column}, 'YYYY-MM-DD')`);
/** Grades as the binding codes them (CEDS): TK is PK, K is KG, then 01 … 12. */
const GRADE = (column: string) => sql.raw(`(case when ${column} = -1 then 'PK' when ${column} = 0 then 'KG' else lpad(${column}::text, 2, '0') end)`);
const gradeRange = (low: string, high: string) =>
  sql.raw(`(select array_agg(case when g = -1 then 'PK' when g = 0 then 'KG' else lpad(g::text, 2, '0') end order by g) from generate_series(${low}::int, ${high}::int) g)`);
const from = (column: string, key: number | null) => (key === null ? sql`` : sql` and ${sql.raw(column)} >= ${key}`);

export const ORGS: RosterSource = {
  order: ['_kind', '_key'],
  select: (d) => sql`
    select ${sourcedId('d.id', 'district', 'd.id', 'dist-')} as "sourcedId", 'active' as "status", ${ts('d.created_at')} as "dateLastModified", d.name as "name", 'district' as "type", d.code as "identifier",
      null::text as "parentSourcedId", 0 as "_kind", d.id as "_key"
    from district d where d.id = ${d}
    union all
    select ${sourcedId('s.district_id', 'school', 's.id', 'sch-')}, 'active', ${ts('s.created_at')}, s.name, 'school', coalesce(s.state_code, s.code), ${sourcedId('s.district_id', 'district', 's.district_id', 'dist-')}, 1, s.id
    from school s where s.district_id = ${d}`,
};

export const ACADEMIC_SESSIONS: RosterSource = {
  order: ['_kind', '_key'],
  select: (d) => sql`
    select ${sourcedId('y.district_id', 'school_year', 'y.id', 'year-')} as "sourcedId", 'active' as "status", ${ts('dd.created_at')} as "dateLastModified", y.name as "title", 'schoolYear' as "type",
      ${day('y.start_date')} as "startDate", ${day('y.end_date')} as "endDate", extract(year from y.end_date)::text as "schoolYear", null::text as "parentSourcedId", y.id as "_schoolYearId", 0 as "_kind", y.id as "_key"
    from school_year y join district dd on dd.id = y.district_id where y.district_id = ${d}
    union all
    select ${sourcedId('t.district_id', 'term', 't.id', 'term-')}, 'active', ${ts('dd.created_at')}, t.name, case when t.code = 'SU' then 'term' else 'semester' end,
      ${day('t.start_date')}, ${day('t.end_date')}, extract(year from y.end_date)::text, ${sourcedId('t.district_id', 'school_year', 't.school_year_id', 'year-')}, y.id, 1, t.id
    from term t join school_year y on y.district_id = t.district_id and y.id = t.school_year_id join district dd on dd.id = t.district_id where t.district_id = ${d}
    union all
    select ${sourcedId('g.district_id', 'grading_period', 'g.id', 'gp-')}, 'active', ${ts('dd.created_at')}, g.name, 'gradingPeriod',
      ${day('g.start_date')}, ${day('g.end_date')}, extract(year from y.end_date)::text, ${sourcedId('g.district_id', 'term', 'g.term_id', 'term-')}, y.id, 2, g.id
    from grading_period g join term t on t.district_id = g.district_id and t.id = g.term_id join school_year y on y.district_id = t.district_id and y.id = t.school_year_id
      join district dd on dd.id = g.district_id where g.district_id = ${d}`,
};

export const COURSES: RosterSource = {
  order: ['_key'],
  select: (d) => sql`
    select ${sourcedId('c.district_id', 'course', 'c.id', 'course-')} as "sourcedId", case when c.active then 'active' else 'tobedeleted' end as "status", ${ts('dd.created_at')} as "dateLastModified",
      c.title as "title", c.code as "courseCode", ${sourcedId('c.district_id', 'district', 'c.district_id', 'dist-')} as "orgSourcedId", ${gradeRange('c.low_grade', 'c.high_grade')} as "_grades",
      c.subject as "_subject", c.state_code as "_subjectCode", c.credits::text as "_credits", c.term_length as "_termLength", c.ag_area as "_ag", c.honors as "_honors",
      c.uc_honors as "_ucHonors", c.graduation_tags as "_tags", c.language as "_language", c.id as "_key"
    from course c join district dd on dd.id = c.district_id where c.district_id = ${d}`,
};

export const CLASSES: RosterSource = {
  order: ['_key'],
  select: (d, _today, key) => sql`
    select ${sourcedId('s.district_id', 'section', 's.id', 'class-')} as "sourcedId", 'active' as "status", ${ts('s.created_at')} as "dateLastModified", c.title as "title", s.code as "classCode",
      'scheduled' as "classType", r.code as "location", ${sourcedId('s.district_id', 'course', 's.course_id', 'course-')} as "courseSourcedId", ${sourcedId('s.district_id', 'school', 's.school_id', 'sch-')} as "schoolSourcedId",
      ${gradeRange('c.low_grade', 'c.high_grade')} as "_grades", c.subject as "_subject", c.state_code as "_subjectCode",
      coalesce((select array_agg(distinct ${sourcedId('m.district_id', 'term', 'm.term_id', 'term-')}) from section_meeting m where m.district_id = s.district_id and m.section_id = s.id), '{}') as "_terms",
      coalesce((select array_agg(distinct p.code) from section_meeting m join period p on p.district_id = m.district_id and p.id = m.period_id
        where m.district_id = s.district_id and m.section_id = s.id), '{}') as "_periods",
      s.school_year_id as "_schoolYearId", ${sourcedId('s.district_id', 'school_year', 's.school_year_id', 'year-')} as "_schoolYearSourcedId", s.id as "_key"
    from section s join course c on c.district_id = s.district_id and c.id = s.course_id
      left join room r on r.district_id = s.district_id and r.id = s.room_id
    where s.district_id = ${d}${from('s.id', key)}`,
  keysOnly: (d) => sql`select s.id as "_key" from section s where s.district_id = ${d}`,
};

/** The student's school and grade today: their primary enrollment, or the last one they had. */
const studentColumns = (today: string) => sql`
    ${sourcedId('s.district_id', 'student', 's.id', 'stu-')} as "sourcedId", 'active' as "status", ${ts('s.updated_at')} as "dateLastModified", coalesce(a.username, s.roster_username, s.local_id) as "username",
    s.local_id as "userMasterIdentifier", 'true' as "enabledUser", s.first_name as "givenName", s.last_name as "familyName",
    case when s.directory_opt_out then null else s.middle_name end as "middleName",
    case when s.directory_opt_out then null else s.preferred_name end as "preferredFirstName",
    'student' as "role", null::text as "email", ${sourcedId('s.district_id', 'school', 'e.school_id', 'sch-')} as "primaryOrgSourcedId", ${GRADE('e.grade_level')} as "grade",
    s.state_id as "_stateId", s.directory_opt_out as "_optedOut",
    coalesce((select array_agg(${sourcedId('g.district_id', 'guardian', 'g.guardian_id', 'guard-')} order by g.contact_order, g.guardian_id) from student_guardian g
      where g.district_id = s.district_id and g.student_id = s.id and g.educational_rights and not g.access_restricted), '{}') as "_agents",
    s.id as "_studentId", 0 as "_kind", s.id as "_key", ${today}::date as "_today"`;

const studentJoins = (today: string) => sql`
    left join lateral (select e.school_id, e.grade_level from enrollment e where e.district_id = s.district_id and e.student_id = s.id and e.is_primary
      order by (e.entry_date <= ${today}::date and (e.exit_date is null or e.exit_date > ${today}::date)) desc, e.entry_date desc limit 1) e on true
    left join lateral (select u.username from app_user u where u.district_id = s.district_id and u.student_id = s.id and not u.disabled order by u.id limit 1) a on true`;

export const STUDENTS: RosterSource = {
  order: ['_key'],
  select: (d, today, key) => sql`select ${studentColumns(today)} from student s ${studentJoins(today)} where s.district_id = ${d}${from('s.id', key)}`,
  keysOnly: (d) => sql`select s.id as "_key" from student s where s.district_id = ${d}`,
};

/**
 * The school year a staff member's roles are of: the one marked current, or, in a district that
 * marks none (one just imported), the one today falls in.
 */
const currentYear = (y: string, today: string) =>
  sql`(${sql.raw(y)}.is_current or (not exists (select 1 from school_year cy where cy.district_id = ${sql.raw(y)}.district_id and cy.is_current)
    and ${sql.raw(y)}.start_date <= ${today}::date and ${sql.raw(y)}.end_date >= ${today}::date))`;

const STAFF_ROLE = sql.raw(`(case a.role when 'teacher' then 'teacher' when 'counselor' then 'counselor' when 'principal' then 'principal' else 'siteAdministrator' end)`);

/** Staff with an assignment in the current school year, each assignment a role at its school. */
const staffSelect = (d: number, today: string, onlyTeachers: boolean, key: number | null) => sql`
    select ${sourcedId('t.district_id', 'staff', 't.id', 'staff-')} as "sourcedId", case when t.active then 'active' else 'tobedeleted' end as "status", ${ts('dd.created_at')} as "dateLastModified",
      coalesce(u.username, t.roster_username, t.local_id) as "username", t.local_id as "userMasterIdentifier", t.active::text as "enabledUser", t.first_name as "givenName", t.last_name as "familyName",
      null::text as "middleName", null::text as "preferredFirstName", roles.primary_role as "role", t.email as "email", ${sourcedId('t.district_id', 'school', 'roles.primary_school', 'sch-')} as "primaryOrgSourcedId", null::text as "grade",
      t.state_id as "_stateId", false as "_optedOut", roles.roles as "_roles", '{}'::text[] as "_agents", null::bigint as "_studentId", 1 as "_kind", t.id as "_key"
    from staff t join district dd on dd.id = t.district_id
      join lateral (select (array_agg(x.role order by x.rank, x.school_id))[1] as primary_role, (array_agg(x.school_id order by x.rank, x.school_id))[1] as primary_school,
          json_agg(json_build_object('role', x.role, 'school', ${sourcedId('t.district_id', 'school', 'x.school_id', 'sch-')}, 'begin', x.start_date, 'end', x.end_date) order by x.rank, x.school_id) as roles,
          bool_or(x.role = 'teacher') as teaches
        from (select distinct on (role, school_id) role, school_id, start_date, end_date, rank from (
            select ${STAFF_ROLE} as role, a.school_id, a.start_date, a.end_date, 1 - a.fte as rank
            from staff_assignment a join school_year y on y.district_id = a.district_id and y.id = a.school_year_id and ${currentYear('y', today)}
            where a.district_id = t.district_id and a.staff_id = t.id
            union all
            -- Whoever teaches a class this year is a teacher at its school, assigned there or not.
            select 'teacher', s.school_id, y.start_date, null::date, 2
            from section_teacher st join section s on s.district_id = st.district_id and s.id = st.section_id
              join school_year y on y.district_id = s.district_id and y.id = s.school_year_id and ${currentYear('y', today)}
            where st.district_id = t.district_id and st.staff_id = t.id
          ) every_role order by role, school_id, rank) x) roles on roles.primary_role is not null
      left join lateral (select u.username from app_user u where u.district_id = t.district_id and u.staff_id = t.id order by u.disabled, u.id limit 1) u on true
    where t.district_id = ${d}${onlyTeachers ? sql` and roles.teaches` : sql``}${from('t.id', key)}`;

export const TEACHERS: RosterSource = {
  order: ['_key'],
  select: (d, today, key) => staffSelect(d, today, true, key),
};

const GUARDIAN_ROLE = sql.raw(`(case when bool_or(g.relationship in ('mother', 'father', 'parent')) then 'parent' when bool_or(g.relationship in ('grandparent', 'aunt', 'uncle', 'sibling', 'relative')) then 'relative' else 'guardian' end)`);

const guardianSelect = (d: number) => sql`
    select ${sourcedId('p.district_id', 'guardian', 'p.id', 'guard-')} as "sourcedId", 'active' as "status", ${ts('dd.created_at')} as "dateLastModified", coalesce(u.username, p.roster_username, ${sourcedId('p.district_id', 'guardian', 'p.id', 'guard-')}) as "username",
      null::text as "userMasterIdentifier", 'true' as "enabledUser", p.first_name as "givenName", p.last_name as "familyName", null::text as "middleName", null::text as "preferredFirstName",
      links.role as "role", p.email as "email", ${sourcedId('p.district_id', 'district', 'p.district_id', 'dist-')} as "primaryOrgSourcedId", null::text as "grade",
      null::text as "_stateId", false as "_optedOut", null::json as "_roles", links.students as "_agents", null::bigint as "_studentId", 2 as "_kind", p.id as "_key"
    from guardian p join district dd on dd.id = p.district_id
      join lateral (select ${GUARDIAN_ROLE} as role, array_agg(${sourcedId('g.district_id', 'student', 'g.student_id', 'stu-')} order by g.student_id) as students from student_guardian g
        where g.district_id = p.district_id and g.guardian_id = p.id and g.educational_rights and not g.access_restricted) links on links.role is not null
      left join lateral (select u.username from app_user u where u.district_id = p.district_id and u.guardian_id = p.id order by u.disabled, u.id limit 1) u on true
    where p.district_id = ${d}`;

export const USERS: RosterSource = {
  order: ['_kind', '_key'],
  select: (d, today) => sql`
    select ${studentColumns(today)}, null::json as "_roles" from student s ${studentJoins(today)} where s.district_id = ${d}
    union all
    select "sourcedId", "status", "dateLastModified", "username", "userMasterIdentifier", "enabledUser", "givenName", "familyName", "middleName", "preferredFirstName", "role", "email",
      "primaryOrgSourcedId", "grade", "_stateId", "_optedOut", "_agents", "_studentId", "_kind", "_key", ${today}::date, "_roles" from (${staffSelect(d, today, false, null)}) staff
    union all
    select "sourcedId", "status", "dateLastModified", "username", "userMasterIdentifier", "enabledUser", "givenName", "familyName", "middleName", "preferredFirstName", "role", "email",
      "primaryOrgSourcedId", "grade", "_stateId", "_optedOut", "_agents", "_studentId", "_kind", "_key", ${today}::date, "_roles" from (${guardianSelect(d)}) guardians`,
};

/** Homeroom's end dates are exclusive (the first day out); the binding's are the last day in. */
const lastDay = (column: string, start: string) => sql.raw(`(case when ${column} is null then null else to_char(greatest(${column} - 1, ${start}), 'YYYY-MM-DD') end)`);
/**
 * Each class's first day: no one is enrolled in a class before it meets (a teacher assigned for
 * the year before its first term starts). Found for the district's classes at once and joined, not
 * looked up for each of the hundreds of thousands of enrollment rows.
 */
const classStarts = (d: number) => sql`(select m.section_id, min(tm.start_date) as start_date from section_meeting m join term tm on tm.district_id = m.district_id and tm.id = m.term_id
      where m.district_id = ${d} group by m.section_id)`;
const firstDay = (column: string) => sql.raw(`to_char(greatest(${column}, coalesce(cs.start_date, ${column})), 'YYYY-MM-DD')`);

export const ENROLLMENTS: RosterSource = {
  order: ['_kind', '_key', 'sourcedId'],
  select: (d) => sql`
    select ${sourcedId('r.district_id', 'section_roster', 'r.id', 'enr-')} as "sourcedId", 'active' as "status", ${ts('r.created_at')} as "dateLastModified", 'student' as "role", 'false' as "primary",
      ${firstDay('r.start_date')} as "beginDate", ${lastDay('r.end_date', 'r.start_date')} as "endDate", ${sourcedId('r.district_id', 'section', 'r.section_id', 'class-')} as "classSourcedId", ${sourcedId('r.district_id', 'student', 'r.student_id', 'stu-')} as "userSourcedId",
      ${sourcedId('s.district_id', 'school', 's.school_id', 'sch-')} as "schoolSourcedId", r.student_id as "_studentId", r.section_id as "_sectionId", s.school_id as "_schoolId", s.school_year_id as "_schoolYearId", 0 as "_kind", r.id as "_key"
    from section_roster r join section s on s.district_id = r.district_id and s.id = r.section_id left join ${classStarts(d)} cs on cs.section_id = s.id where r.district_id = ${d}
    union all
    select coalesce((select o.sourced_id from oneroster_record o where o.district_id = t.district_id and o.record_type = 'section_teacher'
        and o.record_key = t.section_id || '|' || t.staff_id || '|' || to_char(t.start_date, 'YYYY-MM-DD') and o.ended_on is null limit 1),
        'tenr-' || t.section_id || '-' || t.staff_id || '-' || to_char(t.start_date, 'YYYYMMDD')), 'active', ${ts('s.created_at')}, case when t.role = 'aide' then 'aide' else 'teacher' end,
      (t.role = 'primary')::text, ${firstDay('t.start_date')}, ${lastDay('t.end_date', 't.start_date')}, ${sourcedId('t.district_id', 'section', 't.section_id', 'class-')}, ${sourcedId('t.district_id', 'staff', 't.staff_id', 'staff-')},
      ${sourcedId('s.district_id', 'school', 's.school_id', 'sch-')}, null::bigint, t.section_id, s.school_id, s.school_year_id, 1, t.section_id
    from section_teacher t join section s on s.district_id = t.district_id and s.id = t.section_id left join ${classStarts(d)} cs on cs.section_id = s.id where t.district_id = ${d}`,
};

const RACES = ['american-indian', 'asian', 'black', 'pacific-islander', 'white'];

export const DEMOGRAPHICS: RosterSource = {
  order: ['_key'],
  select: (d, _today, key) => sql`
    select ${sourcedId('s.district_id', 'student', 's.id', 'stu-')} as "sourcedId", 'active' as "status", ${ts('s.updated_at')} as "dateLastModified",
      ${day('s.birth_date')} as "birthDate",
      case s.gender when 'F' then 'female' when 'M' then 'male' else 'other' end as "sex",
      ${sql.raw(RACES.map((race) => `('${race}' = any(s.races))::text as "_${race}"`).join(', '))},
      (cardinality(s.races) > 1)::text as "demographicRaceTwoOrMoreRaces", s.hispanic_latino::text as "hispanicOrLatinoEthnicity",
      s.id as "_studentId", s.id as "_key"
    from student s where s.district_id = ${d}${from('s.id', key)}`,
  keysOnly: (d) => sql`select s.id as "_key" from student s where s.district_id = ${d}`,
};

export interface PageQuery {
  districtId: number;
  today: string;
  source: RosterSource;
  /** A condition of the nested path (the students of one class), on the source's columns as "r". */
  within: RawBuilder<boolean> | null;
  filter: FilterExpression | null;
  sort: { field: string; descending: boolean } | null;
  limit: number;
  offset: number;
}

const quoted = (field: string) => sql.ref(`r.${field}`);

function filterSql(expression: FilterExpression): RawBuilder<boolean> {
  if (expression.kind !== 'predicate') return sql<boolean>`(${sql.join(expression.parts.map(filterSql), sql.raw(expression.kind === 'and' ? ' and ' : ' or '))})`;
  const column = quoted(expression.field);
  switch (expression.operator) {
    case '~':
      // Contains, case-insensitively, with the value's own % and _ taken literally.
      return sql<boolean>`strpos(lower(${column}::text), lower(${expression.value})) > 0`;
    case '=':
      return sql<boolean>`${column}::text = ${expression.value}`;
    case '!=':
      return sql<boolean>`${column}::text is distinct from ${expression.value}`;
    default:
      return sql<boolean>`${column}::text ${sql.raw(expression.operator)} ${expression.value}`;
  }
}

/**
 * A page of a collection and how many there are. With no filter, sort or nested path, the offset
 * is found on the key's index alone (an index-only scan of ids, no joins), and the page then
 * starts at that key: a page deep in 650,000 students costs the same as the first.
 */
export async function rosterPage(db: Handle, q: PageQuery): Promise<{ rows: Record<string, unknown>[]; total: number }> {
  const conditions = [...(q.within ? [q.within] : []), ...(q.filter ? [filterSql(q.filter)] : [])];
  const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const seek = !q.within && !q.filter && !q.sort && q.source.keysOnly !== undefined;
  const order = q.sort
    ? sql`order by ${quoted(q.sort.field)} ${sql.raw(q.sort.descending ? 'desc nulls last' : 'asc nulls first')}, ${sql.join(q.source.order.map(quoted))}`
    : sql`order by ${sql.join(q.source.order.map(quoted))}`;
  if (seek) {
    const keys = q.source.keysOnly!(q.districtId);
    const { rows: counted } = await sql<{ total: string; first: number | null }>`
      select (select count(*) from (${keys}) k) as total, (select k."_key" from (${keys}) k order by k."_key" offset ${q.offset} limit 1) as first`.execute(db);
    const total = Number(counted[0]!.total);
    const first = counted[0]!.first;
    if (first === null) return { rows: [], total };
    const { rows } = await sql<Record<string, unknown>>`select * from (${q.source.select(q.districtId, q.today, Number(first))}) r order by r."_key" limit ${q.limit}`.execute(db);
    return { rows, total };
  }
  const source = q.source.select(q.districtId, q.today, null);
  const { rows } = await sql<Record<string, unknown>>`select * from (${source}) r ${where} ${order} limit ${q.limit} offset ${q.offset}`.execute(db);
  // The total is counted only when the page does not already tell it.
  const total =
    q.offset === 0 && rows.length < q.limit
      ? rows.length
      : Number((await sql<{ total: string }>`select count(*) as total from (${source}) r ${where}`.execute(db)).rows[0]!.total);
  return { rows, total };
}

export async function rosterRecord(db: Handle, districtId: number, today: string, source: RosterSource, sourcedId: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await sql<Record<string, unknown>>`select * from (${source.select(districtId, today, null)}) r where r."sourcedId" = ${sourcedId} limit 1`.execute(db);
  return rows[0];
}

/** The terms a page of classes meets in, for their references (a class names its terms by sourcedId). */
export async function recordExists(db: Handle, table: 'school' | 'section' | 'student' | 'staff' | 'term' | 'course', districtId: number, id: number): Promise<boolean> {
  const row = await db.selectFrom(table).select('id').where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** The Homeroom id a sourcedId names (imported, or derived from the id), or null. */
export async function recordIdOf(db: Handle, districtId: number, recordType: string, prefix: string, sourcedId: string): Promise<number | null> {
  const { rows } = await sql<{ id: string | null }>`select oneroster_record_id(${districtId}::bigint, ${recordType}::text, ${sourcedId}::text, ${prefix}::text) as id`.execute(db);
  return rows[0]?.id === null || rows[0]?.id === undefined ? null : Number(rows[0].id);
}

/**
 * The keys a sourcedId may stand for in a source: the records imported under it, and the id it
 * carries when it is one Homeroom derived. The source's own "sourcedId" column then decides.
 */
export const keysOfSourcedId = (districtId: number, sourcedId: string) =>
  sql<boolean>`r."_key" in (select o.record_id from oneroster_record o where o.district_id = ${districtId} and o.sourced_id = ${sourcedId} and o.record_id is not null
    union all select substring(${sourcedId}::text from '^[a-z]+-([1-9][0-9]{0,15})(?:-|$)')::bigint)`;

// ---- Views of a collection: the conditions on a source's columns ("r") that the nested paths
// (a class's students, a school's classes, …) and the filtered collections (schools, terms) read. ----

/** A source's rows that are both. */
export const both = (a: RawBuilder<boolean>, b: RawBuilder<boolean>) => sql<boolean>`(${a} and ${b})`;

/** The one object a sourcedId names (see keysOfSourcedId). */
export const withSourcedId = (districtId: number, sourcedId: string) => sql<boolean>`(r."sourcedId" = ${sourcedId} and ${keysOfSourcedId(districtId, sourcedId)})`;

/** The rows of one school year (the CSV package is one year's). */
export const ofSchoolYear = (schoolYearId: number) => sql<boolean>`r."_schoolYearId" = ${schoolYearId}`;

export const SCHOOL_ORGS = sql<boolean>`r."type" = 'school'`;
export const TERM_SESSIONS = sql<boolean>`r."type" in ('term', 'semester')`;
export const GRADING_PERIOD_SESSIONS = sql<boolean>`r."type" = 'gradingPeriod'`;

/** The users or classes related to a parent record on a day: a roster row or teaching assignment in force then. */
export type WithinParent = (districtId: number, today: string, parentId: number) => RawBuilder<boolean>;
export const studentsOfClass: WithinParent = (d, today, id) =>
  sql<boolean>`r."_key" in (select m.student_id from section_roster m where m.district_id = ${d} and m.section_id = ${id} and m.start_date <= ${today}::date and (m.end_date is null or m.end_date > ${today}::date))`;
export const teachersOfClass: WithinParent = (d, today, id) =>
  sql<boolean>`r."_key" in (select m.staff_id from section_teacher m where m.district_id = ${d} and m.section_id = ${id} and m.start_date <= ${today}::date and (m.end_date is null or m.end_date > ${today}::date))`;
export const classesOfStudent: WithinParent = (d, today, id) =>
  sql<boolean>`r."_key" in (select m.section_id from section_roster m where m.district_id = ${d} and m.student_id = ${id} and m.start_date <= ${today}::date and (m.end_date is null or m.end_date > ${today}::date))`;
export const classesOfTeacher: WithinParent = (d, today, id) =>
  sql<boolean>`r."_key" in (select m.section_id from section_teacher m where m.district_id = ${d} and m.staff_id = ${id} and m.start_date <= ${today}::date and (m.end_date is null or m.end_date > ${today}::date))`;
export const studentsOfSchool: WithinParent = (d, _today, id) => sql<boolean>`r."primaryOrgSourcedId" = oneroster_sourced_id(${d}, 'school', ${id}, 'sch-')`;
/** A school's teachers this school year: their assignments there. */
export const teachersOfSchool: WithinParent = (d, _today, id) =>
  sql<boolean>`r."_key" in (select a.staff_id from staff_assignment a join school_year y on y.district_id = a.district_id and y.id = a.school_year_id and y.is_current where a.district_id = ${d} and a.school_id = ${id} and a.role = 'teacher')`;
export const classesOfSchool: WithinParent = (d, _today, id) => sql<boolean>`r."schoolSourcedId" = oneroster_sourced_id(${d}, 'school', ${id}, 'sch-')`;
/** The courses a school offers: those it has sections of. */
export const coursesOfSchool: WithinParent = (d, _today, id) => sql<boolean>`r."_key" in (select s.course_id from section s where s.district_id = ${d} and s.school_id = ${id})`;
export const enrollmentsOfSchool: WithinParent = (_d, _today, id) => sql<boolean>`r."_schoolId" = ${id}`;
/** Terms are the district's in Homeroom: every school has them all. */
export const termsOfSchool: WithinParent = () => sql<boolean>`true`;
export const classesOfTerm: WithinParent = (d, _today, id) => sql<boolean>`r."_key" in (select m.section_id from section_meeting m where m.district_id = ${d} and m.term_id = ${id})`;
export const gradingPeriodsOfTerm: WithinParent = (d, _today, id) => sql<boolean>`r."parentSourcedId" = oneroster_sourced_id(${d}, 'term', ${id}, 'term-')`;
export const classesOfCourse: WithinParent = (d, _today, id) => sql<boolean>`r."courseSourcedId" = oneroster_sourced_id(${d}, 'course', ${id}, 'course-')`;
