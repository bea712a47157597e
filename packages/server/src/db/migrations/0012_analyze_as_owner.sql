-- The server analyzes tables that grew from empty, so that the plans it keeps fit them
-- (db/planner-statistics.ts). In production it serves as homeroom_app, and PostgreSQL 15 lets only
-- a table's owner analyze it: as homeroom_app, ANALYZE skipped every table with a warning, and the
-- first morning's plans stayed those made for empty tables. This function analyzes one table of
-- this schema as its owner, and does nothing else; only homeroom_app (and the owner) may call it.
create function homeroom_analyze(table_name text) returns void
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if not exists (select 1 from pg_tables where schemaname = 'public' and tablename = table_name) then
    raise exception 'homeroom_analyze: no table % in this schema', table_name;
  end if;
  execute format('analyze public.%I', table_name);
end
$$;

revoke all on function homeroom_analyze(text) from public;

do $$
begin
  -- Absent when the migrating role could not create it (0007_audit_role): granted by hand then.
  if exists (select 1 from pg_roles where rolname = 'homeroom_app') then
    grant execute on function homeroom_analyze(text) to homeroom_app;
  end if;
end
$$;
