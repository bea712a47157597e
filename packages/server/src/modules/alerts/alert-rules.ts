import { ALERT_RULE_SETTINGS, ALERT_RULES, type AlertRuleName } from '@homeroom/core/alerts/rules';
import type { AlertRuleItem } from '@homeroom/core/api/alerts';
import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, staleVersion } from '../../http/problem.ts';
import { invalid } from '../../http/validate.ts';
import { alertRuleOverrides, saveAlertRule } from './alerts.repository.ts';
import { servesWholeDistrict } from '../../auth/access.ts';

type Override = Awaited<ReturnType<typeof alertRuleOverrides>>[number];

function ruleItem(rule: AlertRuleName, override: Pick<Override, 'enabled' | 'settings' | 'version' | 'changed_at'> | undefined): AlertRuleItem {
  const schema = ALERT_RULE_SETTINGS[rule];
  return {
    rule,
    enabled: override?.enabled ?? true,
    settings: schema.parse(override?.settings ?? {}),
    defaults: schema.parse({}),
    version: override?.version ?? 0,
    changedAt: override?.changed_at ? new Date(override.changed_at).toISOString() : null,
  };
}

/** The district's alert rules as they stand, each with its defaults: for its administrators. */
export async function listAlertRules(db: Kysely<Database>, actor: Actor) {
  if (!servesWholeDistrict(actor)) throw notFound("The district's alert rules");
  const overrides = await alertRuleOverrides(db, actor.districtId);
  return { items: ALERT_RULES.map((rule) => ruleItem(rule, overrides.find((o) => o.rule === rule))) };
}

/**
 * A district administrator turns a rule on or off or changes its settings, against the version
 * they saw; settings the rule does not know, or out of range, are refused by name. Audited.
 */
export async function changeAlertRule(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, rule: string, expectedVersion: number, input: { enabled: boolean; settings: Record<string, unknown> }) {
  if (!servesWholeDistrict(actor)) throw notFound("The district's alert rules");
  if (!(ALERT_RULES as string[]).includes(rule)) throw notFound(`The alert rule '${rule}'`);
  const parsed = ALERT_RULE_SETTINGS[rule as AlertRuleName].safeParse(input.settings);
  if (!parsed.success) throw invalid(parsed.error.issues.map((issue) => ({ field: ['body', 'settings', ...issue.path.map(String)].join('.'), message: issue.message })));
  return db.transaction().execute(async (trx) => {
    const saved = await saveAlertRule(trx, actor.districtId, rule, expectedVersion, { enabled: input.enabled, settings: input.settings, changedBy: actor.userId });
    if (!saved) throw staleVersion('this alert rule', 'the rules');
    await writeAudit(trx, actor, origin, { action: 'update', entity: 'alert-rule', entityId: rule, details: { enabled: input.enabled, settings: input.settings } });
    return ruleItem(rule as AlertRuleName, { enabled: input.enabled, settings: input.settings, version: saved.version, changed_at: saved.changed_at });
  });
}
