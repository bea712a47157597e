-- Go-live readiness (shared/formats/readiness.md): the district's thresholds, the expected peak
-- the first-morning load test is measured against, every report kept so the trend shows, and the
-- load tests recorded for this deployment.

-- The district's expected first-morning peak, in attendance saves a second; the load test must
-- sustain ten times it. Set by the district; until it does, 20 a second.
create table readiness_setting (
  district_id bigint primary key references district (id),
  expected_peak_saves_per_second integer not null default 20 check (expected_peak_saves_per_second > 0),
  updated_at timestamptz not null default now()
);

-- A district's own threshold or requirement for a check (by its stable id); a check without a row
-- keeps the format's default.
create table readiness_threshold (
  district_id bigint not null references district (id),
  check_id text not null,
  threshold numeric,
  required boolean,
  updated_at timestamptz not null default now(),
  primary key (district_id, check_id)
);

-- Each report produced (by the command or the server), whole: history is appended, never
-- overwritten, so a trend over the last runs has its figures. school_id null: the whole district.
create table readiness_run (
  district_id bigint not null references district (id),
  id bigint generated always as identity,
  school_id bigint,
  day date not null,
  verdict text not null check (verdict in ('go', 'no-go')),
  report jsonb not null,
  requested_by bigint,
  computed_at timestamptz not null default now(),
  primary key (district_id, id),
  foreign key (district_id, school_id) references school (district_id, id)
);
create index readiness_run_latest on readiness_run (district_id, school_id, id desc);

-- A first-morning load test run against this deployment (on a synthetic district in a database
-- of its own): what the readiness check `load-test` reads. result is the homeroom.bench/v1 document.
create table load_test_run (
  district_id bigint not null references district (id),
  id bigint generated always as identity,
  expected_peak_saves_per_second integer not null,
  target_saves_per_second integer not null,
  saves_per_second numeric not null,
  p99_ms numeric not null,
  errors integer not null,
  quick boolean not null,
  result jsonb not null,
  recorded_at timestamptz not null default now(),
  primary key (district_id, id)
);
