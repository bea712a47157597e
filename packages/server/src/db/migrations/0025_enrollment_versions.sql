-- A school office withdraws and transfers students through the product (#17): an enrollment is
-- then edited by people, so it carries a version for If-Match, and who ended it, as
-- section_roster does. An exit is a change of one row's end; the row itself is never removed.
alter table enrollment add column version integer not null default 1;
alter table enrollment add column ended_by bigint;
-- The duplicate check of a registration looks a child up by name and birth date.
create index student_by_birth_date on student (district_id, birth_date);
