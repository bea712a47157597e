import { z } from 'zod';
import { alertItem, alertList, resolveAlertBody } from '@homeroom/core/api/alerts';
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
];
