-- Sign-in attempts per address, for rate limiting that holds across every server process; role
-- grants that may be district-wide.
create table sign_in_attempt (
  id bigint generated always as identity primary key,
  ip text not null,
  username text not null,
  succeeded boolean not null,
  attempted_at timestamptz not null default now()
);
create index sign_in_attempt_by_ip on sign_in_attempt (ip, attempted_at);

-- A district-wide role has no school: the key cannot include a nullable school_id.
alter table user_role drop constraint user_role_pkey;
alter table user_role alter column school_id drop not null;
create unique index user_role_grant on user_role (district_id, user_id, role, coalesce(school_id, 0));
