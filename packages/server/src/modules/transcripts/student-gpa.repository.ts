import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';
import { DEFAULT_GPA_RULE_SET } from '@homeroom/core/grading/rule-sets';

/** The exact figures kept per student: integers, and credits as exact decimals. */
export interface StoredGpa {
  student_id: number;
  uc_points: number; uc_count: number; uc_bonus_uncapped: number; uc_bonus_capped: number;
  csu_points: number; csu_count: number; csu_bonus: number;
  district_points: number; district_count: number; district_bonus: number;
  credits_attempted: string; credits_earned: string;
}

export const GPA_FIELDS = ['uc_points', 'uc_count', 'uc_bonus_uncapped', 'uc_bonus_capped', 'csu_points', 'csu_count', 'csu_bonus', 'district_points', 'district_count', 'district_bonus'] as const;

export async function storedGpas(db: Handle, districtId: number, studentIds: readonly number[], ruleSet = DEFAULT_GPA_RULE_SET): Promise<Map<number, StoredGpa>> {
  if (studentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('student_gpa')
    .select(['student_id', ...GPA_FIELDS, 'credits_attempted', 'credits_earned'])
    .where('district_id', '=', districtId)
    .where('rule_set', '=', ruleSet)
    .where('student_id', 'in', studentIds)
    .execute();
  return new Map(rows.map((r) => [r.student_id, r]));
}

/** Writes the figures in one statement per batch, with the rule set that produced them. */
export async function saveGpas(db: Handle, districtId: number, figures: readonly StoredGpa[], ruleSet = DEFAULT_GPA_RULE_SET): Promise<void> {
  if (figures.length === 0) return;
  const column = <K extends keyof StoredGpa>(key: K) => figures.map((f) => f[key]);
  await sql`
    insert into student_gpa (district_id, student_id, rule_set, uc_points, uc_count, uc_bonus_uncapped, uc_bonus_capped, csu_points, csu_count, csu_bonus,
      district_points, district_count, district_bonus, credits_attempted, credits_earned, computed_at)
    select ${districtId}, u.student_id, ${ruleSet}, u.uc_points, u.uc_count, u.uc_bonus_uncapped, u.uc_bonus_capped, u.csu_points, u.csu_count, u.csu_bonus,
      u.district_points, u.district_count, u.district_bonus, u.credits_attempted, u.credits_earned, now()
    from unnest(${column('student_id')}::bigint[], ${column('uc_points')}::int[], ${column('uc_count')}::int[],
      ${column('uc_bonus_uncapped')}::int[], ${column('uc_bonus_capped')}::int[], ${column('csu_points')}::int[], ${column('csu_count')}::int[], ${column('csu_bonus')}::int[],
      ${column('district_points')}::int[], ${column('district_count')}::int[], ${column('district_bonus')}::int[], ${column('credits_attempted')}::numeric[], ${column('credits_earned')}::numeric[])
      as u(student_id, uc_points, uc_count, uc_bonus_uncapped, uc_bonus_capped, csu_points, csu_count, csu_bonus, district_points, district_count, district_bonus, credits_attempted, credits_earned)
    on conflict (district_id, student_id, rule_set) do update set
      uc_points = excluded.uc_points, uc_count = excluded.uc_count, uc_bonus_uncapped = excluded.uc_bonus_uncapped, uc_bonus_capped = excluded.uc_bonus_capped,
      csu_points = excluded.csu_points, csu_count = excluded.csu_count, csu_bonus = excluded.csu_bonus,
      district_points = excluded.district_points, district_count = excluded.district_count, district_bonus = excluded.district_bonus,
      credits_attempted = excluded.credits_attempted, credits_earned = excluded.credits_earned, computed_at = excluded.computed_at`.execute(db);
}
