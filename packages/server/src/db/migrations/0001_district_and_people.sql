-- Districts, schools, time, people.
--
-- Every table that holds a school's or a student's data carries district_id, and its keys and
-- foreign keys include it, so that the tables can be distributed by district (Citus) without a
-- rewrite. Identifiers are bigints from one sequence per table; the business identifiers districts
-- use (local and state IDs) are unique within the district.

create table district (
  id bigint generated always as identity primary key,
  code text not null unique,
  name text not null,
  state char(2) not null default 'CA',
  time_zone text not null default 'America/Los_Angeles',
  created_at timestamptz not null default now()
);

create table school (
  district_id bigint not null references district (id),
  id bigint generated always as identity,
  code text not null,                          -- the district's own school code
  state_code text,                             -- CDS code in California
  name text not null,
  kind text not null check (kind in ('elementary', 'middle', 'high', 'span', 'continuation')),
  low_grade smallint not null check (low_grade between -1 and 12),   -- -1 = TK, 0 = K
  high_grade smallint not null check (high_grade between -1 and 12),
  -- Elementary schools take daily attendance directly; secondary schools derive it from periods.
  attendance_mode text not null default 'period' check (attendance_mode in ('period', 'daily')),
  address text,
  phone text,
  created_at timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, code),
  check (low_grade <= high_grade)
);

create table school_year (
  district_id bigint not null references district (id),
  id bigint generated always as identity,
  name text not null check (name ~ '^[0-9]{4}-[0-9]{2}$'),   -- '2026-27', as transcripts write it
  start_date date not null,
  end_date date not null,
  is_current boolean not null default false,
  primary key (district_id, id),
  unique (district_id, name),
  check (start_date < end_date)
);

-- Terms are district-wide: fall and spring semesters and summer school.
create table term (
  district_id bigint not null,
  id bigint generated always as identity,
  school_year_id bigint not null,
  code text not null check (code in ('S1', 'S2', 'SU')),
  name text not null,
  start_date date not null,
  end_date date not null,
  primary key (district_id, id),
  unique (district_id, school_year_id, code),
  foreign key (district_id, school_year_id) references school_year (district_id, id),
  check (start_date < end_date)
);

-- Marks are given at the end of each grading period; the last one of a term is the final mark
-- that is posted to the transcript.
create table grading_period (
  district_id bigint not null,
  id bigint generated always as identity,
  term_id bigint not null,
  code text not null,
  name text not null,
  start_date date not null,
  end_date date not null,
  is_final boolean not null default false,
  marks_due date,
  primary key (district_id, id),
  unique (district_id, term_id, code),
  foreign key (district_id, term_id) references term (district_id, id)
);

-- The instructional calendar of each school: only instructional days take attendance and count
-- toward ADA.
create table calendar_day (
  district_id bigint not null,
  school_id bigint not null,
  day date not null,
  school_year_id bigint not null,
  is_instructional boolean not null,
  day_type text not null check (day_type in ('regular', 'minimum', 'holiday', 'pupil-free', 'weekend', 'break')),
  note text,
  primary key (district_id, school_id, day),
  foreign key (district_id, school_id) references school (district_id, id),
  foreign key (district_id, school_year_id) references school_year (district_id, id)
);

create table period (
  district_id bigint not null,
  id bigint generated always as identity,
  school_id bigint not null,
  code text not null,                          -- 'P1' … as the scheduler's slots name them
  name text not null,
  sort_order smallint not null,
  primary key (district_id, id),
  unique (district_id, school_id, code),
  foreign key (district_id, school_id) references school (district_id, id)
);

create table bell_schedule (
  district_id bigint not null,
  id bigint generated always as identity,
  school_id bigint not null,
  name text not null,
  is_default boolean not null default false,
  primary key (district_id, id),
  unique (district_id, school_id, name),
  foreign key (district_id, school_id) references school (district_id, id)
);

create table bell_schedule_period (
  district_id bigint not null,
  bell_schedule_id bigint not null,
  period_id bigint not null,
  starts_at time not null,
  ends_at time not null,
  primary key (district_id, bell_schedule_id, period_id),
  foreign key (district_id, bell_schedule_id) references bell_schedule (district_id, id),
  foreign key (district_id, period_id) references period (district_id, id),
  check (starts_at < ends_at)
);

create table room (
  district_id bigint not null,
  id bigint generated always as identity,
  school_id bigint not null,
  code text not null,
  name text,
  room_type text not null default 'classroom',   -- classroom, lab, gym, art, music, …
  capacity integer not null check (capacity > 0),
  primary key (district_id, id),
  unique (district_id, school_id, code),
  foreign key (district_id, school_id) references school (district_id, id)
);

create table student (
  district_id bigint not null references district (id),
  id bigint generated always as identity,
  local_id text not null,                      -- the district's student ID
  state_id text,                               -- SSID
  first_name text not null,
  middle_name text,
  last_name text not null,
  preferred_name text,
  birth_date date not null,
  gender text not null check (gender in ('F', 'M', 'X')),
  hispanic_latino boolean,
  races text[] not null default '{}',
  home_language text not null default 'english',
  -- Programs. Special education, 504 and the other protected flags are shown only to roles
  -- that serve the student in that capacity.
  el_status text not null default 'EO' check (el_status in ('EO', 'IFEP', 'EL', 'RFEP', 'TBD')),
  iep boolean not null default false,
  section_504 boolean not null default false,
  foster boolean not null default false,
  homeless boolean not null default false,
  gifted boolean not null default false,
  low_income boolean not null default false,
  directory_opt_out boolean not null default false,
  residency text not null default 'resident' check (residency in ('resident', 'nonresident')),
  cohort smallint,                             -- expected graduation year
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  primary key (district_id, id),
  unique (district_id, local_id),
  unique (district_id, state_id)
);
create index student_name on student (district_id, lower(last_name), lower(first_name));

create table guardian (
  district_id bigint not null references district (id),
  id bigint generated always as identity,
  first_name text not null,
  last_name text not null,
  email text,
  phone text,
  preferred_language text not null default 'english',
  primary key (district_id, id)
);

create table student_guardian (
  district_id bigint not null,
  student_id bigint not null,
  guardian_id bigint not null,
  relationship text not null,                  -- mother, father, grandparent, foster parent, …
  lives_with boolean not null default true,
  has_custody boolean not null default true,
  educational_rights boolean not null default true,
  -- A court order or a custody arrangement can bar a guardian from the record entirely.
  access_restricted boolean not null default false,
  emergency_contact boolean not null default true,
  contact_order smallint not null default 1,
  primary key (district_id, student_id, guardian_id),
  foreign key (district_id, student_id) references student (district_id, id),
  foreign key (district_id, guardian_id) references guardian (district_id, id)
);
create index student_guardian_by_guardian on student_guardian (district_id, guardian_id);

create table staff (
  district_id bigint not null references district (id),
  id bigint generated always as identity,
  local_id text not null,                      -- employee number
  state_id text,                               -- SEID
  first_name text not null,
  last_name text not null,
  email text,
  active boolean not null default true,
  primary key (district_id, id),
  unique (district_id, local_id),
  unique (district_id, state_id)
);

create table staff_assignment (
  district_id bigint not null,
  id bigint generated always as identity,
  staff_id bigint not null,
  school_id bigint not null,
  school_year_id bigint not null,
  role text not null check (role in ('teacher', 'counselor', 'principal', 'assistant-principal', 'attendance-clerk', 'office', 'help-desk')),
  fte numeric(4, 3) not null default 1,
  -- The most sections a teacher teaches in one term (the master-schedule builder's maxSections).
  max_sections smallint,
  start_date date not null,
  end_date date,
  primary key (district_id, id),
  foreign key (district_id, staff_id) references staff (district_id, id),
  foreign key (district_id, school_id) references school (district_id, id),
  foreign key (district_id, school_year_id) references school_year (district_id, id)
);
create index staff_assignment_by_school on staff_assignment (district_id, school_id, school_year_id, role);
create index staff_assignment_by_staff on staff_assignment (district_id, staff_id);

-- Enrollment is effective-dated: a transfer closes one row and opens another for the same
-- student record, never a duplicate student.
create table enrollment (
  district_id bigint not null,
  id bigint generated always as identity,
  student_id bigint not null,
  school_id bigint not null,
  school_year_id bigint not null,
  grade_level smallint not null check (grade_level between -1 and 12),
  entry_date date not null,
  entry_code text not null,                    -- E1 first entry, E2 re-entry, transfer codes, …
  exit_date date,
  exit_code text,
  is_primary boolean not null default true,
  created_at timestamptz not null default now(),
  created_by bigint,
  primary key (district_id, id),
  foreign key (district_id, student_id) references student (district_id, id),
  foreign key (district_id, school_id) references school (district_id, id),
  foreign key (district_id, school_year_id) references school_year (district_id, id),
  check (exit_date is null or exit_date >= entry_date),
  check ((exit_date is null) = (exit_code is null))
);
create index enrollment_by_student on enrollment (district_id, student_id, entry_date);
create index enrollment_by_school on enrollment (district_id, school_id, school_year_id, grade_level);

create table counselor_caseload (
  district_id bigint not null,
  counselor_id bigint not null,                -- staff
  student_id bigint not null,
  school_year_id bigint not null,
  primary key (district_id, school_year_id, student_id, counselor_id),
  foreign key (district_id, counselor_id) references staff (district_id, id),
  foreign key (district_id, student_id) references student (district_id, id),
  foreign key (district_id, school_year_id) references school_year (district_id, id)
);
create index caseload_by_counselor on counselor_caseload (district_id, counselor_id, school_year_id);
