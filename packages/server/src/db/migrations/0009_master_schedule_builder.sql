-- What the master-schedule builder needs to know about teachers and keep of its proposals.

-- The courses a teacher is credentialed to teach: the builder gives a section only to a qualified
-- teacher, and a hand move to an unqualified one is refused.
create table staff_course_qualification (
  district_id bigint not null,
  staff_id bigint not null,
  course_id bigint not null,
  primary key (district_id, staff_id, course_id),
  foreign key (district_id, staff_id) references staff (district_id, id),
  foreign key (district_id, course_id) references course (district_id, id)
);
create index staff_course_qualification_by_course on staff_course_qualification (district_id, course_id);

-- Periods a teacher cannot teach in a year (part-time, shared with another school).
create table staff_unavailable_slot (
  district_id bigint not null,
  staff_id bigint not null,
  school_year_id bigint not null,
  term_id bigint not null,
  period_id bigint not null,
  reason text not null,
  primary key (district_id, staff_id, term_id, period_id),
  foreign key (district_id, staff_id) references staff (district_id, id),
  foreign key (district_id, school_year_id) references school_year (district_id, id),
  foreign key (district_id, term_id) references term (district_id, id),
  foreign key (district_id, period_id) references period (district_id, id)
);

-- A master-schedule build's proposal, one row per meeting of each section it places; the school's
-- sections change only when an administrator commits it.
create table scheduling_run_placement (
  district_id bigint not null,
  scheduling_run_id bigint not null,
  section_id bigint not null,
  term_id bigint not null,
  period_id bigint not null,
  staff_id bigint,
  room_id bigint,
  primary key (district_id, scheduling_run_id, section_id, term_id),
  foreign key (district_id, scheduling_run_id) references scheduling_run (district_id, id) on delete cascade,
  foreign key (district_id, section_id) references section (district_id, id) on delete cascade
);
