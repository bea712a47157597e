import { z } from 'zod';

/** The contract of the alert routes. */
const id = z.number().int();
const instant = z.iso.datetime({ offset: true });

export const alertRuleName = z.enum(['students-without-schedule', 'attendance-not-taken', 'job-failed', 'server-errors', 'import-problems']);

export const alertItem = z.strictObject({
  id,
  rule: alertRuleName,
  title: z.string(),
  /** What the alert is about: a school, a job, a district import, or the server itself. */
  subject: z.strictObject({ kind: z.enum(['school', 'job', 'import', 'server']), id: id.nullable(), name: z.string() }),
  schoolId: id.nullable(),
  /** The figures that raised it (counts, thresholds, the day), as the rule reported them. */
  figure: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The page listing what is behind the alert (the students, the classes, the job); null when there is none. */
  link: z.string().nullable(),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  raisedAt: instant,
  lastSeenAt: instant,
  acknowledgedAt: instant.nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: instant.nullable(),
  /** The version to send as If-Match when acknowledging or resolving. */
  version: z.number().int(),
});

export const alertList = z.strictObject({
  /** Alerts not yet resolved: the open ones (no one has acknowledged them) counted apart. */
  open: z.number().int(),
  items: z.array(alertItem),
});

export const resolveAlertBody = z.strictObject({ note: z.string().trim().max(1000).optional() });

export type AlertItem = z.output<typeof alertItem>;
export type AlertList = z.output<typeof alertList>;

const ruleSettings = z.record(z.string(), z.union([z.string(), z.number()]));

export const alertRuleItem = z.strictObject({
  rule: alertRuleName,
  enabled: z.boolean(),
  /** The settings in force: the district's where it changed them, the defaults elsewhere. */
  settings: ruleSettings,
  defaults: ruleSettings,
  /** 0 while the rule is on its defaults; send it as If-Match to change the rule. */
  version: z.number().int(),
  changedAt: instant.nullable(),
});

export const alertRuleList = z.strictObject({ items: z.array(alertRuleItem) });

/** A district's change to a rule: on or off, and the settings it sets (the others keep their defaults). */
export const changeAlertRuleBody = z.strictObject({ enabled: z.boolean(), settings: z.record(z.string(), z.unknown()).default({}) });

export type AlertRuleItem = z.output<typeof alertRuleItem>;
