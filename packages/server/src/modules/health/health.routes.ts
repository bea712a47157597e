import { pingDatabase } from './health.repository.ts';
import { migrationStatus } from '../../db/migrator.ts';
import { health, readiness } from '@homeroom/core/api/district';
import type { z } from 'zod';
import { route } from '../../http/route.ts';

/** For load balancers and the help desk: is the database reachable and the schema current? */
export const healthRoutes = [
  route({
    method: 'GET',
    url: '/api/health',
    operationId: 'checkHealth',
    summary: 'Is the database reachable and the schema current?',
    tag: 'operations',
    access: { kind: 'public' },
    response: { description: 'ok (200) or what is wrong (503)', schema: health },
    async handler({ db, request, reply }) {
      const started = performance.now();
      try {
        await pingDatabase(db);
        const migrations = await migrationStatus(db);
        const current = migrations.pending.length === 0;
        const answer: z.input<typeof health> = {
          status: current ? 'ok' : 'migrations-pending',
          database: { reachable: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 },
          migrations: { applied: migrations.applied.length, pending: migrations.pending },
        };
        return reply.code(current ? 200 : 503).send(answer);
      } catch (error) {
        // Anyone may ask: the database's message can name its host, port and role, so it goes to the log only.
        request.log.error({ err: { type: (error as Error).name, code: (error as { code?: unknown }).code, message: (error as Error).message } }, 'health: the database is unreachable');
        const answer: z.input<typeof health> = { status: 'database-unreachable', database: { reachable: false, error: 'unreachable' } };
        return reply.code(503).send(answer);
      }
    },
  }),
  route({
    method: 'GET',
    url: '/api/ready',
    operationId: 'checkReady',
    summary: 'Should a load balancer send this server requests? Not until it has warmed up, nor while it shuts down',
    tag: 'operations',
    access: { kind: 'public' },
    response: { description: 'ready (200), or warming up or shutting down (503)', schema: readiness },
    async handler({ request, reply }) {
      const { ready, warmUpMs } = request.server.readiness;
      const answer: z.input<typeof readiness> = { status: ready ? 'ready' : 'warming-up', warmUpMs };
      return reply.code(ready ? 200 : 503).send(answer);
    },
  }),
];
