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
