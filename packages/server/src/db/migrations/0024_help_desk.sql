-- The help desk (#19): what a person reports from the screen where it went wrong, and the requests
-- that failed for them before they did. A ticket keeps its current state in one row (with a version
-- for If-Match) and its history appended in help_desk_ticket_event: notes, answers, status,
-- priority and assignment changes, each with who and when.
create table help_desk_ticket (
  id bigint generated always as identity,
  district_id bigint not null references district(id),
  reporter_id bigint not null,
  what_happened text not null,
  -- The context the web app sent, checked and cleaned of anything resembling a secret on the way in:
  -- the screen's route, the records open, the last failed requests, the browser.
  screen text,
  records jsonb not null default '[]',
  failed_requests jsonb not null default '[]',
  user_agent text,
  priority text not null check (priority in ('urgent', 'high', 'normal', 'low')),
  -- Why the priority is what it is (derived, or the help desk's reason for changing it).
  priority_reason text,
  status text not null default 'open' check (status in ('open', 'in-progress', 'waiting', 'resolved')),
  assignee_id bigint,
  created_at timestamptz not null default now(),
  first_answered_at timestamptz,
  resolved_at timestamptz,
  version integer not null default 1,
  primary key (district_id, id),
  foreign key (district_id, reporter_id) references app_user(district_id, id),
  foreign key (district_id, assignee_id) references app_user(district_id, id)
);
create index help_desk_ticket_queue on help_desk_ticket (district_id, status, priority, created_at);
create index help_desk_ticket_reporter on help_desk_ticket (district_id, reporter_id, created_at desc);

create table help_desk_ticket_event (
  id bigint generated always as identity,
  district_id bigint not null,
  ticket_id bigint not null,
  author_id bigint not null,
  -- answer: a note the reporter sees; note: for the help desk only; the rest record a change.
  kind text not null check (kind in ('reported', 'answer', 'note', 'status', 'priority', 'assignment', 'viewed-as')),
  body text,
  status text,
  priority text,
  assignee_id bigint,
  at timestamptz not null default now(),
  primary key (district_id, id),
  foreign key (district_id, ticket_id) references help_desk_ticket(district_id, id),
  foreign key (district_id, author_id) references app_user(district_id, id)
);
create index help_desk_ticket_event_of on help_desk_ticket_event (district_id, ticket_id, id);

-- A person's recent failed requests, kept across server processes and bounded: each new one prunes
-- that person's beyond the last 50, and any older than 30 days. The route is the route table's
-- pattern (no ids), never the URL; no bodies.
create table failed_request (
  id bigint generated always as identity,
  district_id bigint not null,
  user_id bigint not null,
  method text not null,
  route text not null,
  status integer not null,
  problem_code text not null,
  request_id text not null,
  at timestamptz not null default now(),
  primary key (district_id, id),
  foreign key (district_id, user_id) references app_user(district_id, id)
);
create index failed_request_of_user on failed_request (district_id, user_id, id desc);
create index failed_request_at on failed_request (district_id, at);
