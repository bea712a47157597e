/**
 * The columns the generator writes, per table, in the order a batch must be inserted (parents
 * before children, so foreign keys hold at every statement).
 *
 * Ids are assigned by the generator, not by the database, so that a school's rows can be built
 * without a round trip: a generated row carries its id as a position within its batch of rows
 * (`id`), and rows of the same batch refer to each other by those positions (`ref:TABLE`). The
 * writer reserves a block of the table's identity sequence just before the batch is written and
 * adds the block's start to both, so the ids in the database are dense and exact.
 */
export type ColumnKind = 'id' | `ref:${string}` | 'int8' | 'int4' | 'int2' | 'numeric' | 'bool' | 'text' | 'date' | 'time' | 'text[]';

export interface TableSpec {
  name: string;
  columns: ReadonlyArray<readonly [string, ColumnKind]>;
}

function table(name: string, columns: string): TableSpec {
  return {
    name,
    columns: columns
      .trim()
      .split(/\s+/)
      .map((c) => {
        const [column, kind] = c.split(':', 2) as [string, string | undefined];
        const rest = c.slice(column.length + 1);
        return [column, (kind === 'ref' ? rest : (kind ?? 'int8')) as ColumnKind] as const;
      }),
  };
}

// Every table the generator fills, parents first.
export const TABLES = {
  district: table('district', 'id:id code:text name:text state:text time_zone:text loading:bool'),
  school_year: table('school_year', 'district_id id:id name:text start_date:date end_date:date is_current:bool'),
  term: table('term', 'district_id id:id school_year_id:ref:school_year code:text name:text start_date:date end_date:date'),
  grading_period: table('grading_period', 'district_id id:id term_id:ref:term code:text name:text start_date:date end_date:date is_final:bool marks_due:date'),
  school: table('school', 'district_id id:id code:text state_code:text name:text kind:text low_grade:int2 high_grade:int2 attendance_mode:text address:text phone:text'),
  course: table('course', 'district_id id:id code:text title:text state_code:text credits:numeric subject:text ag_area:text honors:text uc_honors:bool low_grade:int2 high_grade:int2 graduation_tags:text[] language:text term_length:text next_semester_course_id:ref:course repeatable_for_credit:bool room_type:text department:text'),
  course_sequence: table('course_sequence', 'district_id from_course_id:ref:course to_course_id:ref:course preference:int2'),
  course_prerequisite: table('course_prerequisite', 'district_id course_id:ref:course prerequisite_course_id:ref:course minimum_mark:text'),
  attendance_code: table('attendance_code', 'district_id code:text description:text state_category:text counts_as_absent:bool is_default:bool sort_order:int2'),
  cohort_requirement_set: table('cohort_requirement_set', 'district_id cohort:int2 requirement_set:text'),

  calendar_day: table('calendar_day', 'district_id school_id day:date school_year_id is_instructional:bool day_type:text note:text'),
  period: table('period', 'district_id id:id school_id code:text name:text sort_order:int2'),
  bell_schedule: table('bell_schedule', 'district_id id:id school_id name:text is_default:bool'),
  bell_schedule_period: table('bell_schedule_period', 'district_id bell_schedule_id:ref:bell_schedule period_id:ref:period starts_at:time ends_at:time'),
  room: table('room', 'district_id id:id school_id code:text name:text room_type:text capacity:int4'),
  staff: table('staff', 'district_id id:id local_id:text state_id:text first_name:text last_name:text email:text'),
  staff_course_qualification: table('staff_course_qualification', 'district_id staff_id:ref:staff course_id'),
  staff_assignment: table('staff_assignment', 'district_id id:id staff_id:ref:staff school_id school_year_id role:text fte:numeric max_sections:int2 start_date:date'),
  student: table('student', 'district_id id:id local_id:text state_id:text first_name:text middle_name:text last_name:text preferred_name:text birth_date:date gender:text hispanic_latino:bool races:text[] home_language:text el_status:text iep:bool section_504:bool foster:bool homeless:bool gifted:bool low_income:bool directory_opt_out:bool residency:text cohort:int2'),
  guardian: table('guardian', 'district_id id:id first_name:text last_name:text email:text phone:text preferred_language:text'),
  student_guardian: table('student_guardian', 'district_id student_id:ref:student guardian_id:ref:guardian relationship:text lives_with:bool has_custody:bool educational_rights:bool access_restricted:bool emergency_contact:bool contact_order:int2'),
  enrollment: table('enrollment', 'district_id id:id student_id:ref:student school_id school_year_id grade_level:int2 entry_date:date entry_code:text exit_date:date exit_code:text is_primary:bool'),
  daily_attendance: table('daily_attendance', 'district_id student_id:ref:student day:date school_id status:text code:text periods_absent:int2 periods_scheduled:int2 derived:bool'),
  counselor_caseload: table('counselor_caseload', 'district_id counselor_id:ref:staff student_id:ref:student school_year_id'),
  section: table('section', 'district_id id:id school_id school_year_id course_id code:text capacity:int4 room_id:ref:room program:text is_locked:bool'),
  section_meeting: table('section_meeting', 'district_id section_id:ref:section term_id period_id:ref:period days:text'),
  section_teacher: table('section_teacher', 'district_id section_id:ref:section staff_id:ref:staff role:text start_date:date'),
  section_roster: table('section_roster', 'district_id id:id section_id:ref:section student_id:ref:student start_date:date end_date:date source:text reason:text'),
  student_unavailable_slot: table('student_unavailable_slot', 'district_id student_id:ref:student school_year_id term_id period_id:ref:period reason:text'),
  course_request: table('course_request', 'district_id id:id student_id:ref:student school_id school_year_id course_id required:bool priority:int2 source:text reason:text'),
  course_request_alternate: table('course_request_alternate', 'district_id course_request_id:ref:course_request course_id preference:int2'),
  mark: table('mark', 'district_id id:id student_id:ref:student section_id:ref:section grading_period_id mark:text work_habits:text cooperation:text comment:text'),
  transcript_entry: table('transcript_entry', 'district_id id:id student_id:ref:student school_id course_id course_code:text course_title:text repeats_course_code:text grade_level:int2 school_year:text term:text sequence:int4 mark:text credits:numeric ag_area:text honors:text uc_honors:bool subject:text graduation_tags:text[] language:text source:text source_school_name:text'),
  app_user: table('app_user', 'district_id id:id username:text display_name:text staff_id:ref:staff student_id:ref:student guardian_id:ref:guardian'),
  user_role: table('user_role', 'district_id user_id:ref:app_user role:text school_id'),
} satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;
