import { sql } from 'kysely';

/** A course request's alternates as course codes, most wanted first; the request is aliased `q`. */
export const alternateCodes = sql<string[]>`coalesce((select array_agg(ac.code order by a.preference) from course_request_alternate a
  join course ac on ac.district_id = a.district_id and ac.id = a.course_id
  where a.district_id = q.district_id and a.course_request_id = q.id), '{}')`.as('alternates');
