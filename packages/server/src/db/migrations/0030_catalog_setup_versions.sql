-- School setup of the catalog, sections, bell schedules and rooms in the product (#17): courses,
-- rooms and bell schedules are edited by people against the version they saw (If-Match), as
-- sections already are, so a second office's change is never silently overwritten. A bell
-- schedule's version covers its periods' times, which are edited together; a school's periods
-- are edited one at a time.
alter table course add column version integer not null default 1;
alter table room add column version integer not null default 1;
alter table bell_schedule add column version integer not null default 1;
alter table period add column version integer not null default 1;
