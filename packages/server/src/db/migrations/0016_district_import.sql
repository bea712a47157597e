-- District import (OneRoster 1.2 CSV plus Homeroom files, shared/formats/district-import.md).
--
-- Every record an import brings in keeps the sourcedId the district's old system gave it, so that a
-- later delta, a later bulk and the OneRoster export address the same record. One mapping table
-- rather than a column on every table: a OneRoster record can become more than one Homeroom row
-- (a class is a section and its meetings) or none (an org of type department), and the hash of
-- the row as last imported is what lets a second import of the same package say `unchanged`
-- without reading and comparing every column of every table.
create table oneroster_record (
  district_id bigint not null references district (id),
  -- The file the record came from: orgs, academicSessions, courses, classes, users, roles,
  -- enrollments, demographics, or a Homeroom file (courseAttributes, programs, transcripts,
  -- legacyFigures).
  kind text not null,
  sourced_id text not null,
  -- Which Homeroom table record_id names (district, school, school_year, term, grading_period,
  -- course, section, student, staff, guardian, section_roster, section_teacher, enrollment,
  -- staff_assignment, student_program), or 'not-kept' for a record Homeroom does not store.
  record_type text not null,
  record_id bigint,
  -- For a row without an id of its own (section_teacher): its key, 'section|staff|start date'.
  record_key text,
  content_hash text not null,
  -- Set when a bulk file no longer lists the record or a delta says tobedeleted: ended, never
  -- deleted, so history stays.
  ended_on date,
  imported_at timestamptz not null default now(),
  primary key (district_id, kind, sourced_id)
);
create index oneroster_record_by_record on oneroster_record (district_id, record_type, record_id);

-- Program spells (EL, special education, 504, GATE, …) as the district's old system recorded them;
-- the student's current flags are derived from the open spells.
create table student_program (
  district_id bigint not null,
  student_id bigint not null,
  program text not null,
  begin_date date not null,
  end_date date,
  primary key (district_id, student_id, program, begin_date),
  foreign key (district_id, student_id) references student (district_id, id),
  check (end_date is null or end_date >= begin_date)
);

-- The old system's figures, kept so that the reconciliation can be shown again after the import
-- and a counselor can answer "why did my GPA change?" with both numbers. Text, as the old system
-- wrote them: their number of decimals is part of the comparison.
create table legacy_figure (
  district_id bigint not null,
  student_id bigint not null,
  uc_gpa text,
  csu_gpa text,
  district_gpa text,
  district_unweighted_gpa text,
  credits_earned text,
  primary key (district_id, student_id),
  foreign key (district_id, student_id) references student (district_id, id)
);

-- A class that a bulk import no longer lists is closed, not deleted.
alter table section add column closed_on date;

-- Imports of one district run one at a time (a second waits for the first); the report is kept.
create table district_import (
  id bigint generated always as identity primary key,
  district_id bigint references district (id),
  status text not null check (status in ('queued', 'running', 'imported', 'dry-run', 'refused', 'failed')),
  dry_run boolean not null,
  package_path text,
  report jsonb,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
