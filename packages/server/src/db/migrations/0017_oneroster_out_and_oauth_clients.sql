-- OneRoster out (issue #18): OAuth 2.0 clients that read the district's rosters, the bearer tokens
-- they are given, and the audit trail naming the integration that acted.

-- A learning platform, library or transportation system registered by a district administrator.
-- Its secret is 256 random bits, shown once, kept as a SHA-256 hash: a slow password hash protects
-- guessable secrets, and this one cannot be guessed. Disabling a client ends its tokens at once
-- (they are looked up with their client). A client is rate-limited per minute, counted in the
-- database so that every server process counts the same requests.
create table oauth_client (
  district_id bigint not null references district (id),
  id bigint generated always as identity,
  client_id text not null unique,
  name text not null,
  secret_hash text not null,
  scopes text[] not null,
  requests_per_minute integer not null default 1200 check (requests_per_minute > 0),
  created_by bigint,
  created_at timestamptz not null default now(),
  disabled_at timestamptz,
  rate_window_start timestamptz not null default now(),
  rate_window_count integer not null default 0,
  primary key (district_id, id)
);

create table oauth_access_token (
  token_hash text primary key,
  district_id bigint not null,
  client_id bigint not null,
  scopes text[] not null,
  issued_at timestamptz not null default now(),
  expires_at timestamptz not null,
  foreign key (district_id, client_id) references oauth_client (district_id, id)
);
create index oauth_access_token_by_client on oauth_access_token (district_id, client_id);

-- Which integration acted, when one did: 'api-token:<id>' (acting with its issuer's roles, the
-- issuer in user_id) or 'oauth-client:<client_id>' (no person behind it; user_id is null).
alter table audit_event add column integration text;

-- The sourcedId a Homeroom record goes by in OneRoster: the one it was imported with (the district
-- import keeps it in oneroster_record), else one derived from its id ('stu-1042'). One definition,
-- for the REST service and the CSV export alike, so that both name a record the same way and an
-- export imported elsewhere and exported again names it the same way too.
create function oneroster_sourced_id(p_district bigint, p_record_type text, p_record_id bigint, p_prefix text) returns text
language sql stable as $$
  select coalesce(
    (select o.sourced_id from oneroster_record o
      where o.district_id = p_district and o.record_type = p_record_type and o.record_id = p_record_id and o.ended_on is null
      order by o.imported_at desc, o.sourced_id limit 1),
    p_prefix || p_record_id::text)
$$;

-- The record a sourcedId names, imported or derived: what a OneRoster path asks for by sourcedId.
create function oneroster_record_id(p_district bigint, p_record_type text, p_sourced_id text, p_prefix text) returns bigint
language sql stable as $$
  select coalesce(
    (select o.record_id from oneroster_record o
      where o.district_id = p_district and o.record_type = p_record_type and o.sourced_id = p_sourced_id and o.ended_on is null
      order by o.imported_at desc limit 1),
    case when p_sourced_id ~ ('^' || p_prefix || '[1-9][0-9]{0,15}$')
      and not exists (select 1 from oneroster_record o where o.district_id = p_district and o.record_type = p_record_type
        and o.record_id = substr(p_sourced_id, length(p_prefix) + 1)::bigint and o.ended_on is null)
    then substr(p_sourced_id, length(p_prefix) + 1)::bigint end)
$$;

-- A OneRoster path names a record by its sourcedId, whatever file it came from.
create index oneroster_record_by_sourced_id on oneroster_record (district_id, sourced_id);
