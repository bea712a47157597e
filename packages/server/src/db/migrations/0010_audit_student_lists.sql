-- A request that reads or changes many students at once (a roster, an attendance save, a page of a
-- search) is one event, so it is one row that names its students. One row per student made the
-- trail two thirds of a teacher's writes on the first morning, each row with its index entries
-- (issue #9). `student_id` stays for an event about one student; `student_ids` is set by the events
-- of a list (audit.ts: writeAuditForStudents, auditOfStudents), even a list of one, never both.
alter table audit_event add column student_ids bigint[];

-- Without a scan of the existing trail under lock: its rows have no list, so they all hold already.
alter table audit_event add constraint audit_event_one_student_or_a_list
  check (student_ids is null or (student_id is null and cardinality(student_ids) > 0)) not valid;

-- "Who read this student's record" finds the lists with `student_ids @> array[X]`. fastupdate off:
-- its pending list is merged into the index by whichever insert fills it, a latency spike in the
-- busiest minutes of the morning; off keeps every insert's cost small and even.
create index audit_event_by_students on audit_event using gin (student_ids) with (fastupdate = off);
