-- The role the server runs as in production: it reads and writes the district's records but can
-- never rewrite history in the audit trail. The append-only trigger on audit_event already
-- refuses UPDATE, DELETE and TRUNCATE; without the privilege as well, even a bug or an injected
-- statement that dropped the trigger's protection could not change the trail, only its owner can.
-- Operators migrate as the owner and serve as homeroom_app (docs/operations.md).
--
-- Roles belong to the whole server, not to one database, and creating one needs CREATEROLE: a
-- database migrated by an owner without it, or several databases migrated at once, must still
-- migrate, so each step that can meet either case is guarded.
do $$
begin
  begin
    create role homeroom_app nologin;
  exception
    when duplicate_object or unique_violation then null;  -- already there (another database, or a race)
    when insufficient_privilege then
      raise notice 'homeroom_app was not created: the migrating role may not create roles; create it as described in docs/operations.md and migrate again';
      return;
  end;
  execute format('grant connect on database %I to homeroom_app', current_database());
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
