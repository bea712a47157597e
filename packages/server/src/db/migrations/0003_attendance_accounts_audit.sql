-- Attendance, accounts and the FERPA audit trail, scheduling runs.

-- The district's attendance codes, each mapped to a state category.
create table attendance_code (
  district_id bigint not null references district (id),
  code text not null,
  description text not null,
  state_category text not null check (state_category in ('present', 'tardy', 'excused', 'unexcused', 'suspension', 'independent-study', 'illness', 'medical', 'other')),
  counts_as_absent boolean not null,
  is_default boolean not null default false,
  sort_order smallint not null default 0,
  primary key (district_id, code)
);

-- Each time a teacher takes attendance for a section on a date: the first-morning figure
-- "teachers who have not taken attendance" reads this. The idempotency key makes a retried save
-- land once.
create table attendance_taking (
  district_id bigint not null,
  id bigint generated always as identity,
  section_id bigint not null,
  day date not null,
  period_id bigint not null,
  taken_by bigint,                             -- staff
  taken_at timestamptz not null default now(),
  idempotency_key text not null,
  primary key (district_id, id),
  unique (district_id, idempotency_key),
  foreign key (district_id, section_id) references section (district_id, id),
  foreign key (district_id, period_id) references period (district_id, id)
);
create index attendance_taking_by_section on attendance_taking (district_id, section_id, day);

-- The current period attendance of a student in a section meeting; every change is also kept in
-- attendance_change.
create table period_attendance (
  district_id bigint not null,
  section_id bigint not null,
  student_id bigint not null,
  day date not null,
  period_id bigint not null,
  code text not null,
  minutes_absent smallint,
  recorded_by bigint,
  recorded_at timestamptz not null default now(),
  version integer not null default 1,
  primary key (district_id, section_id, student_id, day, period_id),
  foreign key (district_id, section_id) references section (district_id, id),
  foreign key (district_id, student_id) references student (district_id, id),
  foreign key (district_id, code) references attendance_code (district_id, code)
);
create index period_attendance_by_student on period_attendance (district_id, student_id, day);

create table attendance_change (
  district_id bigint not null,
  id bigint generated always as identity,
  student_id bigint not null,
  day date not null,
  section_id bigint,                           -- null for daily attendance
  period_id bigint,
  old_code text,
  new_code text not null,
  source text not null check (source in ('teacher', 'clerk', 'parent-note', 'import', 'derived', 'seed')),
  reason text,
  changed_by bigint,
  changed_at timestamptz not null default now(),
  primary key (district_id, id),
  foreign key (district_id, student_id) references student (district_id, id)
);
create index attendance_change_by_student on attendance_change (district_id, student_id, day);

-- Daily attendance: derived from period attendance at secondary schools, taken directly at
-- elementary schools.
create table daily_attendance (
  district_id bigint not null,
  student_id bigint not null,
  day date not null,
  school_id bigint not null,
  status text not null check (status in ('present', 'absent', 'partial')),
  code text,
  periods_absent smallint not null default 0,
  periods_scheduled smallint not null default 0,
  derived boolean not null,
  updated_at timestamptz not null default now(),
  primary key (district_id, student_id, day),
  foreign key (district_id, student_id) references student (district_id, id),
  foreign key (district_id, school_id) references school (district_id, id)
);
create index daily_attendance_by_school on daily_attendance (district_id, school_id, day);

create table attendance_note (
  district_id bigint not null,
  id bigint generated always as identity,
  student_id bigint not null,
  from_day date not null,
  to_day date not null,
  reason text not null,
  guardian_id bigint,
  received_by bigint,
  received_at timestamptz not null default now(),
  primary key (district_id, id),
  foreign key (district_id, student_id) references student (district_id, id),
  check (from_day <= to_day)
);

create table app_user (
  district_id bigint not null references district (id),
  id bigint generated always as identity,
  username text not null,
  display_name text not null,
  password_hash text,                          -- argon2id; null for single-sign-on-only accounts
  staff_id bigint,
  student_id bigint,
  guardian_id bigint,
  oidc_subject text,
  disabled boolean not null default false,
  failed_sign_ins integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  version integer not null default 1,
  primary key (district_id, id),
  unique (district_id, username),
  unique (district_id, oidc_subject),
  foreign key (district_id, staff_id) references staff (district_id, id),
  foreign key (district_id, student_id) references student (district_id, id),
  foreign key (district_id, guardian_id) references guardian (district_id, id)
);

create table user_role (
  district_id bigint not null,
  user_id bigint not null,
  role text not null check (role in ('district-admin', 'school-admin', 'counselor', 'teacher', 'attendance-clerk', 'help-desk', 'student', 'guardian')),
  school_id bigint,                            -- null: district-wide
  primary key (district_id, user_id, role, school_id),
  foreign key (district_id, user_id) references app_user (district_id, id),
  foreign key (district_id, school_id) references school (district_id, id)
);

-- Sessions live in the database so that any number of server processes can serve a user.
create table user_session (
  id text primary key,                         -- hash of the session token, never the token
  district_id bigint not null,
  user_id bigint not null,
  csrf_token text not null,
  viewing_as_user_id bigint,                   -- help desk: read-only view of another user
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text,
  foreign key (district_id, user_id) references app_user (district_id, id)
);
create index user_session_by_user on user_session (district_id, user_id);

create table api_token (
  district_id bigint not null,
  id bigint generated always as identity,
  name text not null,
  token_hash text not null unique,
  scopes text[] not null,
  created_by bigint,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (district_id, id)
);

-- The FERPA audit trail: who read or changed which student's record, when, from where, and why
-- for corrections. Append-only: the trigger below refuses any update or delete.
create table audit_event (
  id bigint generated always as identity primary key,
  district_id bigint not null,
  occurred_at timestamptz not null default now(),
  user_id bigint,
  role text,
  viewing_as_user_id bigint,
  action text not null,                        -- read, create, update, correct, export, sign-in, …
  entity text not null,
  entity_id text,
  student_id bigint,
  school_id bigint,
  ip text,
  reason text,
  details jsonb
);
create index audit_event_by_student on audit_event (district_id, student_id, occurred_at);
create index audit_event_by_user on audit_event (district_id, user_id, occurred_at);

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_event_append_only before update or delete on audit_event
  for each row execute function audit_event_is_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
  for each statement execute function audit_event_is_append_only();

-- A scheduling run (students or master schedule) is previewed before it is committed; its
-- proposed assignments live here until then, so a crash mid-run leaves the schedules intact.
create table scheduling_run (
  district_id bigint not null,
  id bigint generated always as identity,
  school_id bigint not null,
  school_year_id bigint not null,
  kind text not null check (kind in ('students', 'master')),
  status text not null check (status in ('queued', 'running', 'preview', 'committed', 'discarded', 'failed')),
  seed integer not null default 1,
  time_limit_seconds integer,
  progress real not null default 0,
  summary jsonb,
  error text,
  requested_by bigint,
  requested_at timestamptz not null default now(),
  finished_at timestamptz,
  committed_by bigint,
  committed_at timestamptz,
  primary key (district_id, id),
  foreign key (district_id, school_id) references school (district_id, id),
  foreign key (district_id, school_year_id) references school_year (district_id, id)
);

create table scheduling_run_assignment (
  district_id bigint not null,
  scheduling_run_id bigint not null,
  student_id bigint not null,
  section_id bigint not null,
  primary key (district_id, scheduling_run_id, student_id, section_id),
  foreign key (district_id, scheduling_run_id) references scheduling_run (district_id, id) on delete cascade
);

create table scheduling_run_unmet (
  district_id bigint not null,
  scheduling_run_id bigint not null,
  student_id bigint not null,
  course_id bigint not null,
  required boolean not null,
  reason text not null,
  primary key (district_id, scheduling_run_id, student_id, course_id),
  foreign key (district_id, scheduling_run_id) references scheduling_run (district_id, id) on delete cascade
);
