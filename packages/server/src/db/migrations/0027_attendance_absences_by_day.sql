-- The administrators' home draws the attendance rate of each school day of the year (#19). The
-- rate is students present over students expected, and only full-day absences take a student out,
-- so the chart reads the absence entries of daily_attendance and never its present rows (which a
-- secondary school writes for every student every day: 117 million a year at 650,000 students).
-- These partial indexes hold only the absences, so the count per day reads this year's absences
-- alone, a few percent of the rows: by school and day for a principal's schools, by day for the
-- whole district. A figure table kept up to date instead would have to be refreshed on every path
-- that writes attendance, the first morning's teachers' saves among them; these indexes cost an
-- absence one index entry each and a present mark nothing.
create index daily_attendance_absences_by_school on daily_attendance (district_id, school_id, day) where status = 'absent';
create index daily_attendance_absences_by_day on daily_attendance (district_id, day, school_id) where status = 'absent';
