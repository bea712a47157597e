-- The sign-in name another system gave a person (OneRoster's `username`), kept as the district
-- import read it, so that a package exported again names people as the package it came from did:
-- learning platforms match their accounts on it. A Homeroom account's own username, when there is
-- one, still comes first. (The state ID travels in state_id, the district's ID in local_id.)
alter table student add column roster_username text;
alter table staff add column roster_username text;
alter table guardian add column roster_username text;
