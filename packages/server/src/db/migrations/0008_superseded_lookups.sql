-- "Is this entry superseded?" is asked of every transcript entry a transcript, a GPA or an audit
-- reads: without an index the question scans the whole table once per batch of students.
create index transcript_entry_superseded on transcript_entry (district_id, supersedes_id) where supersedes_id is not null;
create index mark_superseded on mark (district_id, supersedes_id) where supersedes_id is not null;
