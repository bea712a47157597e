import { z } from 'zod';
import { alertItem, alertList, alertRuleItem, alertRuleList, changeAlertRuleBody, resolveAlertBody } from '@homeroom/core/api/alerts';
import { changeAlertRule, listAlertRules } from './alert-rules.ts';
import { etagOf, requiredIfMatch } from '../../http/etag.ts';
import { route } from '../../http/route.ts';
import { acknowledgeAlert, resolveAlert } from './see-to-alert.ts';
import { ALERT_READERS, listAlerts } from './list-alerts.ts';

const alertParams = z.strictObject({ alertId: z.coerce.number().int().positive() });

export const alertRoutes = [
  route({
    method: 'GET',
    url: '/api/alerts',
    operationId: 'listAlerts',
    summary: "The alerts not yet resolved for the person's schools (a district administrator's: all of them), newest first, each naming its subject and the list behind it",
    tag: 'alerts',
    access: { kind: 'signed-in', roles: ALERT_READERS },
    response: { description: 'The alerts', schema: alertList },
    handler: ({ db, actor }) => listAlerts(db, actor),
  }),
  route({
    method: 'POST',
    url: '/api/alerts/:alertId/acknowledge',
    operationId: 'acknowledgeAlert',
    summary: 'Acknowledge an alert ("I am on it"), against its version (If-Match); audited',
    tag: 'alerts',
    access: { kind: 'signed-in', roles: ALERT_READERS },
    params: alertParams,
    example: { headers: { 'if-match': '"1"' } },
    response: { description: 'The alert, acknowledged', schema: alertItem },
    async handler({ db, actor, origin, params, request, reply }) {
      const alert = await acknowledgeAlert(db, actor, origin, params.alertId, requiredIfMatch(request));
      reply.header('etag', etagOf(alert.version));
      return alert;
    },
  }),
  route({
    method: 'POST',
    url: '/api/alerts/:alertId/resolve',
    operationId: 'resolveAlert',
    summary: 'Resolve an alert, with a note of what was done, against its version (If-Match); audited. A subject still wrong is not alerted again for the same day',
    tag: 'alerts',
    access: { kind: 'signed-in', roles: ALERT_READERS },
    params: alertParams,
    body: resolveAlertBody,
    example: { headers: { 'if-match': '"1"' }, body: { note: 'Counselors placed the students' } },
    response: { description: 'The alert, resolved', schema: alertItem },
    async handler({ db, actor, origin, params, body, request, reply }) {
      const alert = await resolveAlert(db, actor, origin, params.alertId, requiredIfMatch(request), body.note);
      reply.header('etag', etagOf(alert.version));
      return alert;
    },
  }),
  route({
    method: 'GET',
    url: '/api/alert-rules',
    operationId: 'listAlertRules',
    summary: "The district's alert rules: each on or off, its settings in force and its defaults",
    tag: 'alerts',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    response: { description: 'The alert rules', schema: alertRuleList },
    handler: ({ db, actor }) => listAlertRules(db, actor),
  }),
  route({
    method: 'PUT',
    url: '/api/alert-rules/:rule',
    operationId: 'changeAlertRule',
    summary: 'Turn an alert rule on or off, or change its settings (the others keep their defaults), against its version (If-Match; "0" while on its defaults); audited',
    tag: 'alerts',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    params: z.strictObject({ rule: z.string().max(60) }),
    body: changeAlertRuleBody,
    example: { headers: { 'if-match': '"0"' }, body: { enabled: true, settings: { lookbackHours: 48 } } },
    response: { description: 'The rule as it now stands', schema: alertRuleItem },
    async handler({ db, actor, origin, params, body, request, reply }) {
      const rule = await changeAlertRule(db, actor, origin, params.rule, requiredIfMatch(request), body);
      reply.header('etag', etagOf(rule.version));
      return rule;
    },
  }),
];
