import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';
import { inScope, type SchoolScope } from '../readiness/readiness.repository.ts';

/** The administrators' home: the counts behind its charts, by day, school, requirement, rule. */

export interface AttendanceDay {
  day: string;
  expected: number;
  absent: number;
}

/**
 * For each instructional day from `from` through `through` at any of the schools: the students
 * expected (primary enrollments of the school year spanning the day, as the ADA counts them) and
 * the full-day absences, summed over the schools. Expected is a running sum of enrollment entries
 * and exits, so enrollment is read once rather than once a day; absences come from the partial
 * indexes of migration 0027, which hold absences only, never the present rows.
 */
export async function attendanceByDay(db: Handle, districtId: number, schoolYearId: number, from: string, through: string, scope: SchoolScope): Promise<AttendanceDay[]> {
  const { rows } = await sql<AttendanceDay>`
    with days as (
      select c.school_id, c.day from calendar_day c
      where c.district_id = ${districtId} and c.is_instructional and c.day >= ${from}::date and c.day <= ${through}::date and ${inScope(scope, sql.ref('c.school_id'))}
    ), spans as (
      select e.school_id, greatest(e.entry_date, ${from}::date) as starts, e.exit_date as ends from enrollment e
      where e.district_id = ${districtId} and e.school_year_id = ${schoolYearId} and e.is_primary and e.entry_date <= ${through}::date
        and (e.exit_date is null or e.exit_date > ${from}::date) and ${inScope(scope, sql.ref('e.school_id'))}
    ), changes as (
      select school_id, starts as day, 1 as delta from spans
      union all select school_id, ends, -1 from spans where ends is not null and ends <= ${through}::date
      union all select school_id, day, 0 from days
    ), enrolled as (
      select school_id, day, sum(sum(delta)) over (partition by school_id order by day)::int as expected from changes group by school_id, day
    ), absent as (
      select a.school_id, a.day, count(*)::int as absent from daily_attendance a
      where a.district_id = ${districtId} and a.status = 'absent' and a.day >= ${from}::date and a.day <= ${through}::date and ${inScope(scope, sql.ref('a.school_id'))}
      group by a.school_id, a.day
    )
    select d.day::text as day, sum(n.expected)::int as expected, coalesce(sum(ab.absent), 0)::int as absent
    from days d
    join enrolled n on n.school_id = d.school_id and n.day = d.day
    left join absent ab on ab.school_id = d.school_id and ab.day = d.day
    group by d.day
    order by d.day`.execute(db);
  return rows;
}

/** Each senior enrolled on the day at the schools, with their latest stored graduation audit (if any). */
function seniorsWithAudits(districtId: number, day: string, scope: SchoolScope) {
  return sql`
    seniors as (
      select distinct e.student_id from enrollment e
      where e.district_id = ${districtId} and e.grade_level = 12 and e.entry_date <= ${day}::date and (e.exit_date is null or e.exit_date > ${day}::date)
        and ${inScope(scope, sql.ref('e.school_id'))}
    ), audits as (
      select distinct on (a.student_id) a.student_id, a.document, a.computed_at from graduation_audit a
      where a.district_id = ${districtId} and a.student_id in (select student_id from seniors)
      order by a.student_id, a.computed_at desc
    )`;
}

/**
 * How many seniors there are, how many have a stored audit (the district recompute keeps them),
 * and how many of those cannot graduate on their current schedule: the audits are read as the
 * recompute left them, never recomputed on a home page.
 */
export async function seniorAuditCounts(db: Handle, districtId: number, day: string, scope: SchoolScope) {
  const { rows } = await sql<{ seniors: number; audited: number; at_risk: number; audited_since: Date | null }>`
    with ${seniorsWithAudits(districtId, day, scope)}
    select (select count(*) from seniors)::int as seniors, count(*)::int as audited,
      count(*) filter (where not (a.document ->> 'onScheduleToGraduate')::boolean)::int as at_risk, min(a.computed_at) as audited_since
    from audits a`.execute(db);
  return rows[0]!;
}

/** The seniors at risk by requirement still missing (not merely in progress), most first. */
export async function seniorsAtRiskByRequirement(db: Handle, districtId: number, day: string, scope: SchoolScope) {
  const { rows } = await sql<{ requirement: string; title: string; students: number }>`
    with ${seniorsWithAudits(districtId, day, scope)}
    select m ->> 'requirement' as requirement, min(m ->> 'title') as title, count(distinct a.student_id)::int as students
    from audits a
    cross join lateral jsonb_array_elements(a.document -> 'missing') m
    where not (a.document ->> 'onScheduleToGraduate')::boolean and m ->> 'status' <> 'in_progress'
    group by m ->> 'requirement'
    order by count(distinct a.student_id) desc, m ->> 'requirement'`.execute(db);
  return rows;
}

/** Alerts not yet resolved by rule ('all': the district's, with those about no school). */
export async function unresolvedAlertsByRule(db: Handle, districtId: number, scope: SchoolScope) {
  const { rows } = await sql<{ rule: string; open: number; acknowledged: number }>`
    select a.rule, count(*) filter (where a.status = 'open')::int as open, count(*) filter (where a.status = 'acknowledged')::int as acknowledged
    from alert a
    where a.district_id = ${districtId} and a.status <> 'resolved' and ${inScope(scope, sql.ref('a.school_id'))}
    group by a.rule
    order by a.rule`.execute(db);
  return rows;
}
