-- The course catalog, the master schedule, rosters, course requests, marks and transcripts.

-- Semester courses, as California districts code them: a year-long course is two courses (A and
-- B) with their own codes, linked by next_semester_course_id.
create table course (
  district_id bigint not null references district (id),
  id bigint generated always as identity,
  code text not null,
  title text not null,
  state_code text,                             -- CALPADS course code
  credits numeric(5, 2) not null check (credits >= 0),
  subject text check (subject in ('english', 'math', 'science', 'social', 'language', 'arts', 'pe', 'health', 'elective', 'cte', 'rotc')),
  ag_area char(1) check (ag_area in ('a', 'b', 'c', 'd', 'e', 'f', 'g')),
  honors text not null default 'none' check (honors in ('none', 'honors', 'ap', 'ib', 'college')),
  uc_honors boolean not null default false,
  low_grade smallint not null default 9,
  high_grade smallint not null default 12,
  graduation_tags text[] not null default '{}',
  language text,                               -- the language of an ag 'e' course
  term_length text not null default 'semester' check (term_length in ('semester', 'year')),
  next_semester_course_id bigint,              -- English 10A → English 10B
  repeatable_for_credit boolean not null default false,
  room_type text not null default 'classroom',
  department text,
  active boolean not null default true,
  primary key (district_id, id),
  unique (district_id, code),
  foreign key (district_id, next_semester_course_id) references course (district_id, id),
  check (ag_area is distinct from 'e' or language is not null)
);

-- Sequences drive next year's requests: English 10 after English 9, Geometry after Algebra 1.
create table course_sequence (
  district_id bigint not null,
  from_course_id bigint not null,
  to_course_id bigint not null,
  preference smallint not null default 1,
  primary key (district_id, from_course_id, to_course_id),
  foreign key (district_id, from_course_id) references course (district_id, id),
  foreign key (district_id, to_course_id) references course (district_id, id)
);

create table course_prerequisite (
  district_id bigint not null,
  course_id bigint not null,
  prerequisite_course_id bigint not null,
  minimum_mark text not null default 'D-',
  primary key (district_id, course_id, prerequisite_course_id),
  foreign key (district_id, course_id) references course (district_id, id),
  foreign key (district_id, prerequisite_course_id) references course (district_id, id)
);

-- A section of a course at a school for a school year. Its meetings (term × period) are its
-- slots in the scheduler's sense; a year section meets in both semesters in one period.
create table section (
  district_id bigint not null,
  id bigint generated always as identity,
  school_id bigint not null,
  school_year_id bigint not null,
  course_id bigint not null,
  code text not null,                          -- 'ENG10-03', unique in the school's year
  capacity integer not null check (capacity >= 0),
  room_id bigint,
  -- Locked sections keep their placement in master-schedule builds (band in period 1, RSP).
  is_locked boolean not null default false,
  program text,                                -- 'sped', 'el', … where the section serves one
  version integer not null default 1,
  created_at timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, school_id, school_year_id, code),
  foreign key (district_id, school_id) references school (district_id, id),
  foreign key (district_id, school_year_id) references school_year (district_id, id),
  foreign key (district_id, course_id) references course (district_id, id),
  foreign key (district_id, room_id) references room (district_id, id)
);
create index section_by_course on section (district_id, school_id, school_year_id, course_id);

create table section_meeting (
  district_id bigint not null,
  section_id bigint not null,
  term_id bigint not null,
  period_id bigint not null,
  days text not null default 'MTWRF',           -- A/B block schedules meet on some days only
  primary key (district_id, section_id, term_id, period_id),
  foreign key (district_id, section_id) references section (district_id, id) on delete cascade,
  foreign key (district_id, term_id) references term (district_id, id),
  foreign key (district_id, period_id) references period (district_id, id)
);
create index section_meeting_by_period on section_meeting (district_id, period_id, term_id);

create table section_teacher (
  district_id bigint not null,
  section_id bigint not null,
  staff_id bigint not null,
  role text not null default 'primary' check (role in ('primary', 'co-teacher', 'aide', 'substitute')),
  start_date date not null,
  end_date date,
  primary key (district_id, section_id, staff_id, start_date),
  foreign key (district_id, section_id) references section (district_id, id) on delete cascade,
  foreign key (district_id, staff_id) references staff (district_id, id)
);
create index section_teacher_by_staff on section_teacher (district_id, staff_id);

-- Section membership is effective-dated: a drop ends a row, an add starts one, so "what did this
-- schedule look like on September 3?" has an answer.
create table section_roster (
  district_id bigint not null,
  id bigint generated always as identity,
  section_id bigint not null,
  student_id bigint not null,
  start_date date not null,
  end_date date,                               -- exclusive; null while the student is in it
  source text not null check (source in ('scheduling-run', 'counselor', 'import', 'seed', 'walk-in')),
  scheduling_run_id bigint,
  reason text,
  created_at timestamptz not null default now(),
  created_by bigint,
  ended_by bigint,
  primary key (district_id, id),
  foreign key (district_id, section_id) references section (district_id, id),
  foreign key (district_id, student_id) references student (district_id, id),
  check (end_date is null or end_date >= start_date)
);
create index section_roster_by_section on section_roster (district_id, section_id) where end_date is null;
create index section_roster_by_student on section_roster (district_id, student_id, start_date);

-- Slots a student cannot be scheduled in (work experience, an off-campus program).
create table student_unavailable_slot (
  district_id bigint not null,
  student_id bigint not null,
  school_year_id bigint not null,
  term_id bigint not null,
  period_id bigint not null,
  reason text not null,
  primary key (district_id, student_id, term_id, period_id),
  foreign key (district_id, student_id) references student (district_id, id),
  foreign key (district_id, school_year_id) references school_year (district_id, id),
  foreign key (district_id, term_id) references term (district_id, id),
  foreign key (district_id, period_id) references period (district_id, id)
);

create table course_request (
  district_id bigint not null,
  id bigint generated always as identity,
  student_id bigint not null,
  school_id bigint not null,
  school_year_id bigint not null,              -- the year the request is for
  course_id bigint not null,
  required boolean not null default false,     -- needed for graduation or promotion
  priority smallint not null default 5,        -- lower = more wanted
  source text not null check (source in ('graduation-audit', 'sequence', 'student-choice', 'counselor', 'import', 'seed')),
  reason text,                                 -- e.g. 'missing requirement econ'
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by bigint,
  primary key (district_id, id),
  unique (district_id, student_id, school_year_id, course_id),
  foreign key (district_id, student_id) references student (district_id, id),
  foreign key (district_id, school_id) references school (district_id, id),
  foreign key (district_id, school_year_id) references school_year (district_id, id),
  foreign key (district_id, course_id) references course (district_id, id)
);
create index course_request_by_school on course_request (district_id, school_id, school_year_id);

create table course_request_alternate (
  district_id bigint not null,
  course_request_id bigint not null,
  course_id bigint not null,
  preference smallint not null,
  primary key (district_id, course_request_id, course_id),
  foreign key (district_id, course_request_id) references course_request (district_id, id) on delete cascade,
  foreign key (district_id, course_id) references course (district_id, id)
);

-- Marks per grading period, appended: a changed mark is a new row that supersedes the old one,
-- with who, when and why.
create table mark (
  district_id bigint not null,
  id bigint generated always as identity,
  student_id bigint not null,
  section_id bigint not null,
  grading_period_id bigint not null,
  mark text not null check (mark in ('A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F', 'P', 'NP', 'CR', 'NC', 'I', 'W')),
  work_habits char(1) check (work_habits in ('E', 'S', 'U')),
  cooperation char(1) check (cooperation in ('E', 'S', 'U')),
  comment text,
  supersedes_id bigint,
  reason text,
  entered_at timestamptz not null default now(),
  entered_by bigint,
  primary key (district_id, id),
  foreign key (district_id, student_id) references student (district_id, id),
  foreign key (district_id, section_id) references section (district_id, id),
  foreign key (district_id, grading_period_id) references grading_period (district_id, id),
  foreign key (district_id, supersedes_id) references mark (district_id, id),
  check (supersedes_id is null or reason is not null)
);
create index mark_by_section on mark (district_id, section_id, grading_period_id);
create index mark_by_student on mark (district_id, student_id);

-- The transcript: one row per semester mark, from posted finals, transfers, summer school and
-- history. Course attributes are copied at posting so that a later catalog change never
-- rewrites a transcript. A correction is a new row superseding the old; rows are never edited.
create table transcript_entry (
  district_id bigint not null,
  id bigint generated always as identity,
  student_id bigint not null,
  school_id bigint,                            -- null for a school outside the district
  course_id bigint,                            -- null for a transfer course with no local code
  course_code text not null,
  course_title text not null,
  repeats_course_code text,                    -- credit recovery under another code
  grade_level smallint not null check (grade_level between 6 and 12),
  school_year text not null check (school_year ~ '^[0-9]{4}-[0-9]{2}$'),
  term text not null check (term in ('S1', 'S2', 'SU')),
  sequence integer not null default 0,         -- order within a term, as listed
  mark text not null check (mark in ('A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F', 'P', 'NP', 'CR', 'NC', 'I', 'W')),
  credits numeric(5, 2) not null check (credits >= 0),
  ag_area char(1) check (ag_area in ('a', 'b', 'c', 'd', 'e', 'f', 'g')),
  honors text not null default 'none' check (honors in ('none', 'honors', 'ap', 'ib', 'college')),
  uc_honors boolean not null default false,
  subject text,
  graduation_tags text[] not null default '{}',
  language text,
  source text not null check (source in ('posted', 'transfer', 'summer', 'historical', 'correction')),
  source_school_name text,                     -- where a transfer mark was earned
  section_id bigint,
  supersedes_id bigint,
  correction_reason text,
  posted_at timestamptz not null default now(),
  posted_by bigint,
  primary key (district_id, id),
  foreign key (district_id, student_id) references student (district_id, id),
  foreign key (district_id, school_id) references school (district_id, id),
  foreign key (district_id, course_id) references course (district_id, id),
  foreign key (district_id, section_id) references section (district_id, id),
  foreign key (district_id, supersedes_id) references transcript_entry (district_id, id),
  check (supersedes_id is null or correction_reason is not null)
);
create index transcript_entry_by_student on transcript_entry (district_id, student_id);

-- Which requirement set applies to a graduating class: the caller's decision, made once per cohort.
create table cohort_requirement_set (
  district_id bigint not null references district (id),
  cohort smallint not null,
  requirement_set text not null,
  primary key (district_id, cohort)
);

-- GPAs and credits as last computed, with the rule set that produced them. Exact: points and
-- counts are integers, credits numeric.
create table student_gpa (
  district_id bigint not null,
  student_id bigint not null,
  rule_set text not null,
  uc_points integer not null,
  uc_count integer not null,
  uc_bonus_uncapped integer not null,
  uc_bonus_capped integer not null,
  csu_points integer not null,
  csu_count integer not null,
  csu_bonus integer not null,
  district_points integer not null,
  district_count integer not null,
  district_bonus integer not null,
  credits_attempted numeric(7, 2) not null,
  credits_earned numeric(7, 2) not null,
  computed_at timestamptz not null default now(),
  primary key (district_id, student_id, rule_set),
  foreign key (district_id, student_id) references student (district_id, id)
);

create table graduation_audit (
  district_id bigint not null,
  student_id bigint not null,
  requirement_set text not null,
  diploma_met boolean not null,
  ag_met boolean not null,
  on_track boolean not null,
  document jsonb not null,
  computed_at timestamptz not null default now(),
  primary key (district_id, student_id, requirement_set),
  foreign key (district_id, student_id) references student (district_id, id)
);
