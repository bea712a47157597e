-- The role the server runs as in production: it reads and writes the district's records but can
-- never rewrite history in the audit trail. The append-only trigger on audit_event already
-- refuses UPDATE, DELETE and TRUNCATE; withholding the privilege as well means the protection does
-- not rest on one trigger, which the tables' owner could disable but the server's role cannot.
-- Operators migrate as the owner and serve as homeroom_app (docs/operations.md).
--
-- Roles belong to the whole server, not to one database, and creating one needs CREATEROLE: a
-- database migrated by an owner without it, or several databases migrated at once, must still
-- migrate, so each step that can meet either case is guarded.
do $$
begin
  -- Look first: an owner without CREATEROLE can still grant on its own tables to a role a
  -- superuser made for it.
  if not exists (select 1 from pg_roles where rolname = 'homeroom_app') then
    begin
      create role homeroom_app nologin;
    exception
      when duplicate_object or unique_violation then null;  -- made meanwhile by another database's migration
      when insufficient_privilege then
        raise notice 'homeroom_app was not created: the migrating role may not create roles; see docs/operations.md';
        return;
    end;
  end if;
  begin
    execute format('grant connect on database %I to homeroom_app', current_database());
  exception when insufficient_privilege then
    raise notice 'homeroom_app may not connect yet: the database''s owner must grant connect on it';
  end;
  grant usage on schema public to homeroom_app;
  grant select, insert, update, delete on all tables in schema public to homeroom_app;
  grant usage, select on all sequences in schema public to homeroom_app;
  revoke update, delete, truncate on audit_event from homeroom_app;
  -- Tables that later migrations create are granted the same way, by the owner who creates them.
  alter default privileges in schema public grant select, insert, update, delete on tables to homeroom_app;
  alter default privileges in schema public grant usage, select on sequences to homeroom_app;
end
$$;

-- The audit trail's search pages by time across the whole district (no student or user given).
create index audit_event_by_time on audit_event (district_id, occurred_at desc, id desc);
