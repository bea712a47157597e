-- A school office keeps a student's family through the product (#17): guardians, the rights each
-- holds for this student, and emergency contacts who are not guardians.
--
-- Who may collect the child at dismissal is its own right: a grandparent with no educational
-- rights may pick up, a parent with custody may be barred by a court order. Existing links keep
-- what the seed and imports gave them: a guardian with custody and no restriction may pick up.
alter table student_guardian add column may_pick_up boolean not null default true;
update student_guardian set may_pick_up = has_custody and not access_restricted;
-- The court order or custody arrangement behind a restriction, as the office has it on file. The
-- dates are the office's reference: an order's end does not lift the restriction by itself (the
-- office verifies and lifts it), so access never opens silently.
alter table student_guardian add column court_order_note text;
alter table student_guardian add column court_order_issued date;
alter table student_guardian add column court_order_expires date;
alter table student_guardian add constraint court_order_dates check (court_order_expires is null or court_order_issued is null or court_order_issued <= court_order_expires);
-- Edited by people, against the version they saw (If-Match). A guardian's details are shared by
-- every student linked to them; the link's rights are the one student's.
alter table guardian add column version integer not null default 1;
alter table student_guardian add column version integer not null default 1;
-- The duplicate check before a second guardian record looks guardians up by name.
create index guardian_name on guardian (district_id, lower(last_name), lower(first_name));

create table student_contact (
  district_id bigint not null,
  id bigint generated always as identity,
  student_id bigint not null,
  first_name text not null,
  last_name text not null,
  relationship text not null,                  -- aunt, neighbor, family friend, …
  phone text not null,
  alternate_phone text,
  contact_order smallint not null default 1,
  may_pick_up boolean not null default false,
  version integer not null default 1,
  created_by bigint,
  primary key (district_id, id),
  foreign key (district_id, student_id) references student (district_id, id)
);
create index student_contact_by_student on student_contact (district_id, student_id);
