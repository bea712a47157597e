// The Homeroom server for the attendance-morning benchmark, in a process of its own so that the
// load generator does not share its event loop: listens on loopback on a port the system picks,
// tells the parent the port, and stops when told to or when its time is up.
import { buildApp } from '../packages/server/src/app.ts';
import { openDatabase } from '../packages/server/src/db/connection.ts';

const url = process.env.BENCH_DATABASE_URL;
const lifetimeSeconds = Number(process.env.BENCH_SERVER_SECONDS ?? 600);
const poolSize = Number(process.env.BENCH_POOL_SIZE ?? 10);
if (!url || !process.send) {
  console.error('attendance-morning-server: run by the attendance-morning benchmark only');
  process.exit(2);
}
const handle = await openDatabase({ kind: 'postgres', url }, { poolSize });
const app = await buildApp({ db: handle.db });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

const stop = async () => {
  await app.close().catch(() => undefined);
  await handle.close().catch(() => undefined);
  const usage = process.resourceUsage();
  const peakRssMiB = Math.round((usage.maxRSS / 1024) * 10) / 10;
  process.send!({ stopped: true, peakRssMiB, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }, () => process.exit(0));
};
// Never outlive the benchmark, whatever happens to the parent.
setTimeout(() => void stop(), lifetimeSeconds * 1000).unref();
process.on('disconnect', () => void stop());
process.on('message', (message: { stop?: boolean; cpu?: boolean }) => {
  if (message.stop) void stop();
  // The CPU time the server used so far, so the parent can take what the morning alone cost.
  if (message.cpu) {
    const usage = process.resourceUsage();
    process.send!({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 });
  }
});
process.send({ port });
