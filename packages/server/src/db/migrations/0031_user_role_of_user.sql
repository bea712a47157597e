-- The session lookup behind every request reads all of a user's role grants, ended ones included
-- (a dated grant is judged against the district's day in sessions.ts, not in SQL). Since 0029
-- the only index leading with the user, user_role_grant, holds open grants only, so the lookup
-- read the whole table at each request: 25 million rows in a quick morning bench.
create index user_role_of_user on user_role (district_id, user_id);
