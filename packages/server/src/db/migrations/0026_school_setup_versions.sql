-- School setup in the product (#17): a school year's terms and grading periods and a school's
-- calendar days are edited against the version the administrator saw, so a second office's
-- change is never silently overwritten. A year's version covers its terms and grading periods,
-- which are edited together.
alter table school_year add column version integer not null default 1;
alter table calendar_day add column version integer not null default 1;
