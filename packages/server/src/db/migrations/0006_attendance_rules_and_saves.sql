-- Attendance: the rules a district sets, what a save needs to answer its retry, and who last set
-- each period's code.

-- One row per district; a district without one gets the defaults in the code (the same as the
-- column defaults here).
create table attendance_rule (
  district_id bigint primary key references district (id),
  -- How many days back a teacher may still take or change attendance; older changes go
  -- through the attendance clerk, who records why.
  teacher_edit_days smallint not null default 1 check (teacher_edit_days between 0 and 3650),
  -- Absent this many periods or more is a full-day absence; null: absent every scheduled period.
  full_day_absent_periods smallint check (full_day_absent_periods > 0),
  -- Students enrolled fewer days are not counted for chronic absence (the Dashboard uses 31).
  chronic_minimum_days smallint not null default 0 check (chronic_minimum_days >= 0),
  updated_at timestamptz not null default now()
);

-- A retried save returns what the first one stored; daily-mode schools take attendance per
-- homeroom, with no period.
alter table attendance_taking add column result jsonb;
alter table attendance_taking add column source text not null default 'teacher' check (source in ('teacher', 'clerk', 'import'));
alter table attendance_taking alter column period_id drop not null;

-- A teacher's later save must not undo a clerk's correction or a parent's note: the code
-- remembers who set it.
alter table period_attendance add column source text not null default 'teacher'
  check (source in ('teacher', 'clerk', 'parent-note', 'import', 'derived', 'seed'));
alter table daily_attendance add column source text not null default 'derived'
  check (source in ('teacher', 'clerk', 'parent-note', 'import', 'derived', 'seed'));

create index attendance_note_by_student on attendance_note (district_id, student_id, from_day);
create index section_roster_by_section_dates on section_roster (district_id, section_id, start_date);
