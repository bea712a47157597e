import { sql } from 'kysely';
import type { GpaDocument } from '@homeroom/core/formats/transcript';
import { computeGpa } from '@homeroom/core/grading/gpa';
import { DEFAULT_GPA_RULE_SET, gpaRuleSets } from '@homeroom/core/grading/rule-sets';
import type { StudentTranscript } from './student-transcript.ts';
import type { Handle } from '../../db/handle.ts';

/** The exact figures kept per student: integers, and credits as exact decimals. */
export interface StoredGpa {
  student_id: number;
  uc_points: number; uc_count: number; uc_bonus_uncapped: number; uc_bonus_capped: number;
  csu_points: number; csu_count: number; csu_bonus: number;
  district_points: number; district_count: number; district_bonus: number;
  credits_attempted: string; credits_earned: string;
}

type Tally = { points: number; count: number; bonus?: number; bonusUncapped?: number; bonusCapped?: number };

export function gpaDocumentFor(transcript: StudentTranscript, ruleSetName = DEFAULT_GPA_RULE_SET): GpaDocument {
  return computeGpa(transcript.transcript, gpaRuleSets.get(ruleSetName));
}

export function storedFigures(studentId: number, document: GpaDocument): StoredGpa {
  const uc = document.uc as Tally;
  const csu = document.csu as Tally;
  const district = document.district as Tally;
  return {
    student_id: studentId,
    uc_points: uc.points, uc_count: uc.count, uc_bonus_uncapped: uc.bonusUncapped ?? 0, uc_bonus_capped: uc.bonusCapped ?? 0,
    csu_points: csu.points, csu_count: csu.count, csu_bonus: csu.bonus ?? 0,
    district_points: district.points, district_count: district.count, district_bonus: district.bonus ?? 0,
    credits_attempted: String(document.credits.attempted), credits_earned: String(document.credits.earned),
  };
}

const FIELDS = ['uc_points', 'uc_count', 'uc_bonus_uncapped', 'uc_bonus_capped', 'csu_points', 'csu_count', 'csu_bonus', 'district_points', 'district_count', 'district_bonus'] as const;

/** Same figures? Credits compare as numbers: '5' and '5.00' are the same credit. */
export function sameFigures(a: StoredGpa, b: StoredGpa): boolean {
  return FIELDS.every((f) => a[f] === b[f]) && Number(a.credits_attempted) === Number(b.credits_attempted) && Number(a.credits_earned) === Number(b.credits_earned);
}

export async function storedGpas(db: Handle, districtId: number, studentIds: readonly number[], ruleSet = DEFAULT_GPA_RULE_SET): Promise<Map<number, StoredGpa>> {
  if (studentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('student_gpa')
    .select(['student_id', ...FIELDS, 'credits_attempted', 'credits_earned'])
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
