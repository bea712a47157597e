-- A note from home is taken by a school's office and excuses absences at that school only: a
-- student enrolled at two schools (a continuation school, a transfer mid-week) has another office
-- that has not seen the note. `school_ids` are the schools whose office recorded it; null for a
-- note recorded district-wide, and for the notes recorded before, which keep excusing everywhere.
alter table attendance_note add column school_ids bigint[];
