import { readinessHistory, readinessReport } from '@homeroom/core/api/readiness';
import { route } from '../../http/route.ts';
import { READINESS_VIEWERS, readinessHistoryQuery, readinessQuery, viewReadiness, viewReadinessHistory } from './view-readiness.ts';

export const readinessRoutes = [
  route({
    method: 'GET',
    url: '/api/readiness',
    operationId: 'viewReadiness',
    summary: 'The Go/No-Go report (homeroom.readiness/v1) for the district, or one school, measured now and kept in its history; evidence names the students and sections',
    tag: 'readiness',
    access: { kind: 'signed-in', roles: READINESS_VIEWERS },
    query: readinessQuery,
    response: { description: 'The readiness report', schema: readinessReport },
    async handler({ db, actor, origin, query, clock }) {
      return viewReadiness(db, actor, origin, query, { now: clock.now() });
    },
  }),
  route({
    method: 'GET',
    url: '/api/readiness/history',
    operationId: 'viewReadinessHistory',
    summary: "The last readiness runs of the district or a school, oldest first: each check's figure and status, for the trend",
    tag: 'readiness',
    access: { kind: 'signed-in', roles: READINESS_VIEWERS },
    query: readinessHistoryQuery,
    response: { description: 'The last runs', schema: readinessHistory },
    reads: 'replica',
    async handler({ db, actor, query }) {
      return viewReadinessHistory(db, actor, query);
    },
  }),
];
