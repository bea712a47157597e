-- A district that the synthetic generator loads (`homeroom seed`, the demo of `homeroom serve
-- --demo`) is written school by school, each school in its own transaction, so that memory stays
-- flat at any size. Until the last school is written the district is marked loading: a load stopped
-- half-way (killed, the machine switched off) is then known as such on the next start and loaded
-- again from the beginning, never served as if it were the whole district. Districts made any other
-- way are whole from the start.
alter table district add column loading boolean not null default false;
