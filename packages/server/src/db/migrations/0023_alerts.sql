-- Alerts (#19): rules judged by a recurring job, what they found, who saw to it.
--
-- A district's changes to the alert rules; a rule without a row runs with its default
-- (packages/core/src/alerts/rules.ts keeps the defaults, so they are written once).
create table alert_rule (
  district_id bigint not null references district (id),
  rule text not null check (rule in ('students-without-schedule', 'attendance-not-taken', 'job-failed', 'server-errors', 'import-problems')),
  enabled boolean not null default true,
  settings jsonb not null default '{}',
  changed_by bigint,
  changed_at timestamptz not null default now(),
  -- A rule still on its defaults has no row: version 0 to an editor.
  version integer not null default 1,
  primary key (district_id, rule)
);

-- One alert per rule and subject key, ever: the job raising it again finds the row and only
-- refreshes its figure while it is not resolved. A figure of a school day carries the day in its
-- key, so a school still short tomorrow is alerted again; a job or an import is alerted once.
-- An alert stays until a person resolves it (acknowledging says "I am on it").
create table alert (
  district_id bigint not null references district (id),
  id bigint generated always as identity,
  rule text not null,
  subject_key text not null,
  subject_kind text not null check (subject_kind in ('school', 'job', 'import', 'server')),
  subject_id bigint,
  subject_name text not null,
  school_id bigint,
  title text not null,
  figure jsonb not null,
  link text,
  status text not null default 'open' check (status in ('open', 'acknowledged', 'resolved')),
  raised_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  acknowledged_by bigint,
  acknowledged_at timestamptz,
  resolved_by bigint,
  resolved_at timestamptz,
  resolution_note text,
  version integer not null default 1,
  primary key (district_id, id),
  unique (district_id, rule, subject_key),
  foreign key (district_id, school_id) references school (district_id, id)
);
create index alert_unresolved on alert (district_id, school_id) where status <> 'resolved';

-- Who was told of which alert by e-mail: a digest lists the alerts its recipient has not been
-- told of yet, so a retry after a failed send repeats nothing already delivered.
create table alert_notification (
  district_id bigint not null,
  alert_id bigint not null,
  user_id bigint not null,
  sent_at timestamptz not null default now(),
  primary key (district_id, alert_id, user_id),
  foreign key (district_id, alert_id) references alert (district_id, id)
);

-- Server errors (5xx) counted by the minute, by every server process: the figure of the
-- server-errors rule. Not a record of anyone; old minutes are deleted by the evaluation job.
create table server_error_minute (
  minute timestamptz primary key,
  errors integer not null
);
