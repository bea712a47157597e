import type { Kysely } from 'kysely';
import { fixedClock } from '../../clock.ts';
import type { Database } from '../../db/schema.ts';
import { evaluateDistrictAlerts } from './evaluate-alerts.ts';

/** The alert-evaluation job: judges the rules at the instant it was queued. */
export async function runAlertEvaluation(db: Kysely<Database>, districtId: number, at: Date): Promise<Record<string, unknown>> {
  const evaluation = await evaluateDistrictAlerts(db, districtId, fixedClock(at));
  return { ...evaluation };
}
