-- Background jobs on PostgreSQL go through pg-boss's queue, in its own schema (docs/operations.md):
-- servers queue jobs in the transaction that creates their rows, `homeroom worker` processes run
-- them. pg-boss installs and upgrades its own tables in this schema when a server or a worker
-- starts, so the server's role (homeroom_app, which may not touch the audit trail's history) may
-- create in this schema and use what the owner creates there; nothing in it is a record of a
-- student. The embedded database runs jobs in the server and never fills this schema.
create schema if not exists pgboss;

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'homeroom_app') then
    return;
  end if;
  begin
    grant usage, create on schema pgboss to homeroom_app;
    grant select, insert, update, delete on all tables in schema pgboss to homeroom_app;
    alter default privileges in schema pgboss grant select, insert, update, delete on tables to homeroom_app;
  exception when insufficient_privilege then
    raise notice 'homeroom_app may not use the job queue''s schema pgboss yet: its owner must grant usage and create on it';
  end;
end
$$;
