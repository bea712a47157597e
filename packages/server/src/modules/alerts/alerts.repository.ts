import type { AlertFinding } from '@homeroom/core/alerts/rules';
import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';

// ---- The figures the rules judge ----

/** The district's changes to the alert rules (a rule without a row runs with its default). */
export function alertRuleOverrides(db: Handle, districtId: number) {
  return db.selectFrom('alert_rule').select(['rule', 'enabled', 'settings', 'version', 'changed_at']).where('district_id', '=', districtId).execute();
}

/**
 * A district's change to a rule, from the version its editor saw (0: the rule was on its
 * defaults, so there is no row yet); undefined when someone else changed it since.
 */
export async function saveAlertRule(db: Handle, districtId: number, rule: string, expectedVersion: number, values: { enabled: boolean; settings: Record<string, unknown>; changedBy: number }) {
  const row = { enabled: values.enabled, settings: JSON.stringify(values.settings), changed_by: values.changedBy, changed_at: sql<Date>`now()` };
  if (expectedVersion === 0) {
    return db.insertInto('alert_rule').values({ district_id: districtId, rule, ...row }).onConflict((oc) => oc.doNothing()).returning(['version', 'changed_at']).executeTakeFirst();
  }
  return db
    .updateTable('alert_rule')
    .set({ ...row, version: sql<number>`version + 1` })
    .where('district_id', '=', districtId)
    .where('rule', '=', rule)
    .where('version', '=', expectedVersion)
    .returning(['version', 'changed_at'])
    .executeTakeFirst();
}

/** Each school, whether the day is a school day there, and how many students enrolled that day have no class that day. */
export async function schoolsWithoutClassCounts(db: Handle, districtId: number, day: string) {
  const { rows } = await sql<{ school_id: number; name: string; school_day: boolean; without_class: number }>`
    select sc.id as school_id, sc.name,
      coalesce((select cd.is_instructional from calendar_day cd where cd.district_id = sc.district_id and cd.school_id = sc.id and cd.day = ${day}::date), false) as school_day,
      (select count(distinct e.student_id)::int from enrollment e
        where e.district_id = sc.district_id and e.school_id = sc.id and e.entry_date <= ${day}::date and (e.exit_date is null or e.exit_date > ${day}::date)
          and not exists (select 1 from section_roster r join section s on s.district_id = r.district_id and s.id = r.section_id
                          where r.district_id = e.district_id and r.student_id = e.student_id and s.school_id = sc.id
                            and r.start_date <= ${day}::date and (r.end_date is null or r.end_date > ${day}::date))) as without_class
    from school sc
    where sc.district_id = ${districtId}
    order by sc.code`.execute(db);
  return rows;
}

/** When each period begins on a school's default bell schedule, by school and period code. */
export async function periodStarts(db: Handle, districtId: number) {
  return db
    .selectFrom('bell_schedule as b')
    .innerJoin('bell_schedule_period as bp', (j) => j.onRef('bp.district_id', '=', 'b.district_id').onRef('bp.bell_schedule_id', '=', 'b.id'))
    .innerJoin('period as p', (j) => j.onRef('p.district_id', '=', 'bp.district_id').onRef('p.id', '=', 'bp.period_id'))
    .select(['b.school_id', 'p.code', 'bp.starts_at'])
    .where('b.district_id', '=', districtId)
    .where('b.is_default', '=', true)
    .execute();
}

/** Jobs that failed since an instant. */
export function failedJobsSince(db: Handle, districtId: number, since: Date) {
  return db.selectFrom('job').select(['id', 'kind', 'error', 'finished_at']).where('district_id', '=', districtId).where('status', '=', 'failed').where('finished_at', '>=', since).orderBy('id').execute();
}

/** District imports that finished since an instant, with the number of problems their report counted. */
export async function importsSince(db: Handle, districtId: number, since: Date) {
  const { rows } = await sql<{ id: number; status: string; problems: number; finished_at: Date }>`
    select id, status, coalesce((report->>'problemCount')::int, 0) as problems, finished_at
    from district_import
    where district_id = ${districtId} and not dry_run and finished_at >= ${since}
    order by id`.execute(db);
  return rows;
}

/** Server errors counted since an instant (every process's). */
export async function serverErrorsSince(db: Handle, since: Date): Promise<number> {
  const row = await db.selectFrom('server_error_minute').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('errors'), sql<number>`0`).as('errors')).where('minute', '>=', since).executeTakeFirst();
  return Number(row?.errors ?? 0);
}

/** One more server error in the current minute. */
export async function countServerError(db: Handle): Promise<void> {
  await sql`insert into server_error_minute (minute, errors) values (date_trunc('minute', now()), 1)
            on conflict (minute) do update set errors = server_error_minute.errors + 1`.execute(db);
}

/** Minutes older than any window a rule may ask for. */
export async function forgetServerErrorsBefore(db: Handle, before: Date): Promise<void> {
  await db.deleteFrom('server_error_minute').where('minute', '<', before).execute();
}

// ---- Alerts ----

/**
 * Raises what the rules found: a new alert for a subject key not seen before; for one already
 * raised, its figure refreshed while it is not resolved (a resolved alert stays resolved).
 */
export async function raiseAlerts(db: Handle, districtId: number, findings: AlertFinding[]): Promise<number> {
  let raised = 0;
  for (const f of findings) {
    const row = await db
      .insertInto('alert')
      .values({
        district_id: districtId,
        rule: f.rule,
        subject_key: f.key,
        subject_kind: f.subject.kind,
        subject_id: f.subject.id,
        subject_name: f.subject.name,
        school_id: f.schoolId,
        title: f.title,
        figure: JSON.stringify(f.figure),
        link: f.link,
      })
      .onConflict((oc) =>
        oc
          .columns(['district_id', 'rule', 'subject_key'])
          .doUpdateSet((eb) => ({ title: eb.ref('excluded.title'), figure: eb.ref('excluded.figure'), last_seen_at: sql`now()` }))
          .where('alert.status', '<>', 'resolved'),
      )
      // xmax = 0 only for a row this statement inserted.
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .executeTakeFirst();
    if (row?.inserted) raised += 1;
  }
  return raised;
}

const ALERT_COLUMNS = ['id', 'rule', 'subject_kind', 'subject_id', 'subject_name', 'school_id', 'title', 'figure', 'link', 'status', 'raised_at', 'last_seen_at', 'acknowledged_at', 'resolved_at', 'resolution_note', 'version'] as const;

/** Alerts not yet resolved at these schools ('all': the district's, with those about no school), newest first. */
export function unresolvedAlerts(db: Handle, districtId: number, schools: number[] | 'all') {
  let query = db
    .selectFrom('alert as a')
    .leftJoin('app_user as ack', (j) => j.onRef('ack.district_id', '=', 'a.district_id').onRef('ack.id', '=', 'a.acknowledged_by'))
    .select(ALERT_COLUMNS.map((c) => `a.${c}` as const))
    .select('ack.display_name as acknowledged_by_name')
    .where('a.district_id', '=', districtId)
    .where('a.status', '<>', 'resolved');
  if (schools !== 'all') query = schools.length ? query.where('a.school_id', 'in', schools) : query.where(sql<boolean>`false`);
  return query.orderBy('a.raised_at', 'desc').orderBy('a.id', 'desc').execute();
}

export function findAlert(db: Handle, districtId: number, alertId: number) {
  return db.selectFrom('alert').select(ALERT_COLUMNS).where('district_id', '=', districtId).where('id', '=', alertId).executeTakeFirst();
}

/** Acknowledges or resolves an alert, only from the version the person saw; undefined when it changed since. */
export function changeAlertStatus(db: Handle, districtId: number, alertId: number, expectedVersion: number, change: { status: 'acknowledged' | 'resolved'; userId: number; note?: string | null }) {
  const set =
    change.status === 'acknowledged'
      ? { status: 'acknowledged', acknowledged_by: change.userId, acknowledged_at: sql<Date>`now()` }
      : { status: 'resolved', resolved_by: change.userId, resolved_at: sql<Date>`now()`, resolution_note: change.note ?? null };
  return db
    .updateTable('alert')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('district_id', '=', districtId)
    .where('id', '=', alertId)
    .where('version', '=', expectedVersion)
    .where('status', '<>', 'resolved')
    .returning(ALERT_COLUMNS)
    .executeTakeFirst();
}

// ---- E-mail ----

/**
 * Who is told of alerts by e-mail: the district's administrators (every alert) and each school's
 * (its own), with an address on their staff record and an account not disabled.
 */
export function alertRecipients(db: Handle, districtId: number) {
  return db
    .selectFrom('user_role as r')
    .innerJoin('app_user as u', (j) => j.onRef('u.district_id', '=', 'r.district_id').onRef('u.id', '=', 'r.user_id'))
    .innerJoin('staff as st', (j) => j.onRef('st.district_id', '=', 'u.district_id').onRef('st.id', '=', 'u.staff_id'))
    .select(['u.id as user_id', 'u.display_name', 'st.email', 'r.role', 'r.school_id', 'r.starts_on', 'r.ends_on'])
    .where('r.district_id', '=', districtId)
    .where('r.role', 'in', ['district-admin', 'school-admin'])
    .where('u.disabled', '=', false)
    .where('st.email', 'is not', null)
    .orderBy('u.id')
    .execute();
}

/** Unresolved alerts with the people already told of each. */
export async function alertsToTell(db: Handle, districtId: number) {
  const alerts = await unresolvedAlerts(db, districtId, 'all');
  const told = await db
    .selectFrom('alert_notification as n')
    .innerJoin('alert as a', (j) => j.onRef('a.district_id', '=', 'n.district_id').onRef('a.id', '=', 'n.alert_id'))
    .select(['n.alert_id', 'n.user_id'])
    .where('n.district_id', '=', districtId)
    .where('a.status', '<>', 'resolved')
    .execute();
  return { alerts, told };
}

export async function recordAlertsTold(db: Handle, districtId: number, userId: number, alertIds: number[]): Promise<void> {
  if (!alertIds.length) return;
  await db
    .insertInto('alert_notification')
    .values(alertIds.map((alertId) => ({ district_id: districtId, alert_id: alertId, user_id: userId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

// ---- The recurring evaluation ----

/** Districts whose alerts are watched: every district not being loaded. */
export function watchedDistricts(db: Handle) {
  return db.selectFrom('district').select('id').where('loading', '=', false).orderBy('id').execute();
}

/** Whether an evaluation of the district's alerts was queued since an instant (by any server). */
export async function evaluationQueuedSince(db: Handle, districtId: number, since: Date): Promise<boolean> {
  const row = await db.selectFrom('job').select('id').where('district_id', '=', districtId).where('kind', '=', 'alert-evaluation').where('requested_at', '>=', since).limit(1).executeTakeFirst();
  return row !== undefined;
}
