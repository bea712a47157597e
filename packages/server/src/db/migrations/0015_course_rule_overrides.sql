-- A counselor may place a student in a course the student already passed, or whose prerequisite
-- is not met, only with a reason (issue #15). The reason stays on the seat and on the request, so
-- "why is this senior in a class she passed?" is answered where the seat is, not only in the trail.
alter table section_roster add column override_reason text;
alter table course_request add column override_reason text;
