// The floor the attendance-morning benchmark measures Homeroom against: the same two requests (a
// teacher's roster, then the save) answered by a bare node:http server with one prepared statement
// per request, writing the same rows (the taking, the listed students' period and daily attendance,
// one audit row), and the bell's counselors' schedule changes (a seat ended, one taken, audited).
// Nothing else: no framework, no validation beyond what the statement does, no session lookup (the
// cookie is not read), no rules, no admission limit (it takes every request in). What Homeroom
// costs above this is what its framework, its checks and its rules cost. Same process protocol as
// attendance-morning-server.ts (port, cpu, count, stop over IPC).
import { createServer, type ServerResponse } from 'node:http';
import pg from 'pg';

const url = process.env.BENCH_DATABASE_URL;
const lifetimeSeconds = Number(process.env.BENCH_SERVER_SECONDS ?? 600);
const poolSize = Number(process.env.BENCH_POOL_SIZE ?? 10);
if (!url || !process.send) {
  console.error('attendance-morning-floor: run by the attendance-morning benchmark only');
  process.exit(2);
}
pg.types.setTypeParser(20, (value) => Number(value));
const pool = new pg.Pool({ connectionString: url, max: poolSize });
pool.on('error', () => undefined);
let statements = 0;
let saves = 0;
let counting = false;

const ROSTER = {
  name: 'floor_roster',
  text: `select to_char((now() at time zone 'America/Los_Angeles')::date, 'YYYY-MM-DD') as date,
      coalesce(json_agg(json_build_object('id', r.student_id, 'code', pa.code) order by r.student_id), '[]'::json) as students
    from section_roster r
    -- By key for each student, as Homeroom's roster reads it (offset 0): the plan this connection
    -- keeps was made while the table was nearly empty, and a join planned then scanned the day's
    -- rows whole at every roster all morning, a cost Homeroom does not pay and the floor must not.
    left join lateral (select pa.code from period_attendance pa where pa.district_id = r.district_id and pa.section_id = r.section_id and pa.student_id = r.student_id
      and pa.day = (now() at time zone 'America/Los_Angeles')::date offset 0) pa on true
    where r.section_id = $1 and r.end_date is null`,
};

// The save, as Homeroom stores it: the taking (once per idempotency key), the marks of the students
// listed (everyone else is present, which is not written), their daily attendance, and one audit
// row naming the whole roster, in one statement.
const SAVE = {
  name: 'floor_save',
  text: `with sec as (
      select s.district_id, s.id, s.school_id, m.period_id from section s join section_meeting m on m.district_id = s.district_id and m.section_id = s.id where s.id = $1 limit 1),
    taking as (
      insert into attendance_taking (district_id, section_id, day, period_id, idempotency_key, source)
      select district_id, id, $2::date, period_id, $3, 'teacher' from sec
      on conflict (district_id, idempotency_key) do nothing returning id, district_id),
    marks as (select * from unnest($4::bigint[], $5::text[]) as m(student_id, code)),
    roster as (
      select r.district_id, r.student_id, m.code
      from section_roster r join taking t on t.district_id = r.district_id left join marks m on m.student_id = r.student_id
      where r.section_id = $1 and r.end_date is null),
    periods as (
      insert into period_attendance (district_id, section_id, student_id, day, period_id, code, source)
      select r.district_id, $1, r.student_id, $2::date, (select period_id from sec), r.code, 'teacher' from roster r where r.code is not null order by r.student_id
      on conflict (district_id, section_id, student_id, day, period_id) do update set code = excluded.code, version = period_attendance.version + 1
      returning student_id),
    days as (
      insert into daily_attendance (district_id, student_id, day, school_id, status, code, periods_absent, periods_scheduled, derived, source)
      select r.district_id, r.student_id, $2::date, (select school_id from sec), case when r.code = 'A' then 'partial' else 'present' end, null, (r.code = 'A')::int, 1, true, 'derived' from roster r where r.code is not null order by r.student_id
      on conflict (district_id, student_id, day) do update set periods_absent = excluded.periods_absent, status = excluded.status, updated_at = now()
      returning student_id),
    audited as (
      insert into audit_event (district_id, action, entity, entity_id, school_id, student_ids)
      select t.district_id, 'update', 'attendance', t.id::text, (select school_id from sec), (select array_agg(student_id) from roster) from taking t
      returning id)
    select (select count(*) from taking) as stored, (select count(*) from periods) as periods, (select count(*) from days) as days, (select count(*) from audited) as audited`,
};

// A counselor's move of one student to another section of the same period (the bell's counselors,
// 10 a second): the dry run counts the seats of the section added and writes the read's audit row;
// the save locks that section, checks its seats, ends the student's seat in the section dropped,
// takes one in the section added and writes the audit row, in one statement. Homeroom also reads
// the clashes, the course rules and the student's enrollment; the floor does not.
const CHANGE_PREVIEW = {
  name: 'floor_change_preview',
  text: `with sec as (select district_id, id, school_id, capacity from section where id = $2),
    taken as (select count(*)::int as n from section_roster r join sec on r.district_id = sec.district_id and r.section_id = sec.id where r.end_date is null),
    audited as (
      insert into audit_event (district_id, action, entity, entity_id, student_id, school_id, reason)
      select district_id, 'read', 'schedule', $1::text, $1::bigint, school_id, $3 from sec returning id)
    select (select n from taken) as taken, (select capacity from sec) as capacity, (select count(*) from audited) as audited`,
};
const CHANGE_SAVE = {
  name: 'floor_change_save',
  text: `with sec as (select district_id, id, school_id, capacity from section where id = $3 for update),
    open as (
      select sec.* from sec where (select count(*) from section_roster r where r.district_id = sec.district_id and r.section_id = sec.id and r.end_date is null) < sec.capacity),
    ended as (
      update section_roster r set end_date = greatest(r.start_date, (now() at time zone 'America/Los_Angeles')::date), reason = $4
      from open where r.district_id = open.district_id and r.student_id = $1 and r.section_id = $2 and r.end_date is null returning r.student_id),
    started as (
      insert into section_roster (district_id, section_id, student_id, start_date, source, reason)
      select district_id, id, $1, (now() at time zone 'America/Los_Angeles')::date, 'counselor', $4 from open where exists (select from ended) returning student_id),
    audited as (
      insert into audit_event (district_id, action, entity, entity_id, student_id, school_id, reason)
      select district_id, 'update', 'schedule', $1::text, $1::bigint, school_id, $4 from open where exists (select from started) returning id)
    select (select count(*) from started) as saved, (select count(*) from audited) as audited`,
};

const answer = (response: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
};

const server = createServer((request, response) => {
  const roster = /^\/api\/sections\/(\d+)\/attendance$/.exec(request.url ?? '');
  const save = /^\/api\/sections\/(\d+)\/attendance\/(\d{4}-\d{2}-\d{2})$/.exec(request.url ?? '');
  if (request.method === 'GET' && roster) {
    if (counting) statements++;
    pool.query({ ...ROSTER, values: [Number(roster[1])] }).then(
      ({ rows: [row] }) => answer(response, 200, { date: row.date, students: row.students }),
      (error: Error) => answer(response, 500, { title: error.message }),
    );
    return;
  }
  if (request.method === 'PUT' && save) {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { idempotencyKey: string; marks: Array<{ studentId: number; code: string }> };
      if (counting) statements++;
      // The floor gets what Homeroom's planner statistics give it: the morning's tables analyzed
      // as they grow from empty (after 50 and 400 saves, within the warm-up), so that its kept
      // plans read them by key instead of scanning them whole.
      if (++saves === 50 || saves === 400) void pool.query('analyze period_attendance, daily_attendance, attendance_taking, audit_event').catch(() => undefined);
      pool.query({ ...SAVE, values: [Number(save[1]), save[2], body.idempotencyKey, body.marks.map((m) => m.studentId), body.marks.map((m) => m.code)] }).then(
        ({ rows: [row] }) => answer(response, 200, Number(row.stored) ? { stored: true, replayed: false } : { stored: true, replayed: true }),
        (error: Error) => answer(response, 500, { title: error.message }),
      );
    });
    return;
  }
  const change = /^\/api\/students\/(\d+)\/schedule-changes$/.exec(request.url ?? '');
  if (request.method === 'POST' && change) {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { drop: number[]; add: number[]; reason: string; dryRun: boolean };
      if (counting) statements++;
      const studentId = Number(change[1]);
      const statement = body.dryRun
        ? { ...CHANGE_PREVIEW, values: [studentId, body.add[0], body.reason] }
        : { ...CHANGE_SAVE, values: [studentId, body.drop[0], body.add[0], body.reason] };
      pool.query(statement).then(
        ({ rows: [row] }) => answer(response, 200, body.dryRun ? { ok: row.taken < row.capacity, saved: false } : { ok: Number(row.saved) > 0, saved: Number(row.saved) > 0 }),
        (error: Error) => answer(response, 500, { title: error.message }),
      );
    });
    return;
  }
  answer(response, 404, { title: 'not found' });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
});

const stop = async () => {
  server.close();
  server.closeAllConnections();
  await pool.end().catch(() => undefined);
  const usage = process.resourceUsage();
  process.send!({ stopped: true, peakRssMiB: Math.round((usage.maxRSS / 1024) * 10) / 10, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, systemCpuMs: usage.systemCPUTime / 1000 }, () => process.exit(0));
};
setTimeout(() => void stop(), lifetimeSeconds * 1000).unref();
process.on('disconnect', () => void stop());
process.on('message', (message: { stop?: boolean; cpu?: boolean; count?: boolean }) => {
  if (message.stop) void stop();
  if (message.count !== undefined) {
    counting = message.count;
    if (!counting) process.send!({ statements: [{ text: 'floor: one prepared statement per request', count: statements, ms: 0 }] });
  }
  if (message.cpu) {
    const usage = process.resourceUsage();
    process.send!({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, systemCpuMs: usage.systemCPUTime / 1000 });
  }
});
