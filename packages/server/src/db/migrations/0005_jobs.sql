-- Background jobs (district recomputes, imports): their progress and outcome live in the database,
-- so any server process can report on a job another one runs, and a restart loses nothing but
-- the batch that was running.
create table job (
  district_id bigint not null references district (id),
  id bigint generated always as identity,
  kind text not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
  progress real not null default 0,
  params jsonb,
  result jsonb,
  error text,
  requested_by bigint,
  requested_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  heartbeat_at timestamptz,
  primary key (district_id, id)
);
create index job_by_status on job (status, requested_at);
