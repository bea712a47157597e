-- People and accounts (#17): role grants carry the days they hold, so that a principal who moves
-- to another school in January keeps the first school until the day the grant ends, and the
-- grant stays as history instead of being deleted. starts_on is the first day the grant gives
-- access, ends_on the first day it no longer does (as an enrollment's exit_date); null is open.
-- A grant ended on the day it starts never gave access: one called off before it began.
alter table user_role add column id bigint generated always as identity;
alter table user_role add primary key (district_id, id);
alter table user_role add column starts_on date;
alter table user_role add column ends_on date;
alter table user_role add column granted_by bigint;
alter table user_role add column granted_at timestamptz not null default now();
alter table user_role add column ended_by bigint;
alter table user_role add constraint user_role_dates check (starts_on is null or ends_on is null or starts_on <= ends_on);
-- One open grant of a role at a school; ended ones are history, and the same role can be granted
-- again after one ended. Overlapping dated grants are refused by the use case, under the
-- account's row lock.
drop index user_role_grant;
create unique index user_role_grant on user_role (district_id, user_id, role, coalesce(school_id, 0)) where ends_on is null;

-- A staff member and their assignments are edited by people now, against the version they saw.
alter table staff add column version integer not null default 1;
alter table staff_assignment add column title text;
alter table staff_assignment add column version integer not null default 1;
alter table staff_assignment add constraint staff_assignment_dates check (end_date is null or start_date < end_date) not valid;
alter table staff_assignment add constraint staff_assignment_fte check (fte > 0 and fte <= 1) not valid;

-- Which ID-token claim links a person's district account to their Homeroom account on first
-- sign-in: the district administrator's choice, overriding OIDC_EMPLOYEE_ID_CLAIM and
-- OIDC_STUDENT_ID_CLAIM once saved (a null claim then links nobody of that kind).
create table district_sso_setting (
  district_id bigint primary key references district (id),
  employee_id_claim text,
  student_id_claim text,
  version integer not null default 1,
  updated_by bigint,
  updated_at timestamptz not null default now()
);
