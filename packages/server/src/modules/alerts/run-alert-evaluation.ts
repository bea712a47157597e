import type { Kysely } from 'kysely';
import { fixedClock } from '../../clock.ts';
import type { Database } from '../../db/schema.ts';
import { evaluateDistrictAlerts } from './evaluate-alerts.ts';
import { alertMailFromEnv, sendAlertDigests, type AlertMail } from './send-alert-digests.ts';

/**
 * The alert-evaluation job: judges the rules at the instant it was queued, then mails each
 * administrator a digest of what they were not told of yet (when SMTP_URL names a relay).
 */
export async function runAlertEvaluation(db: Kysely<Database>, districtId: number, at: Date, mail: AlertMail | null = alertMailFromEnv(process.env)): Promise<Record<string, unknown>> {
  const evaluation = await evaluateDistrictAlerts(db, districtId, fixedClock(at));
  const digests = mail ? await sendAlertDigests(db, districtId, mail) : null;
  return { ...evaluation, digests };
}
