import { join } from 'node:path';
import { Stack, repoRoot, type AppName } from '@rc/local-stack';

/**
 * `npm start`: the whole system on this machine. Uses NATS_URL / MONGO_URL when set; otherwise starts a
 * local nats-server and the local MongoDB-compatible server, persisting data under data/. Every app runs
 * as its own process; Ctrl-C stops them all.
 */
const PORTS: Record<AppName, number> = {
  gateway: Number(process.env.PORT ?? 3000),
  accounts: 3101,
  authorization: 3102,
  presence: 3103,
  'stream-hub': 3104,
  core: 3105,
};

const logDir = join(repoRoot, 'data/logs');
const useLocalMongo = !process.env.MONGO_URL;

console.log(`starting: NATS ${process.env.NATS_URL ?? '(local nats-server)'}, MongoDB ${process.env.MONGO_URL ?? '(local mongo-java-server, data/db.mv)'}`);
const stack = await Stack.start({
  natsUrl: process.env.NATS_URL || undefined,
  mongoUrl: process.env.MONGO_URL || undefined,
  mongoFile: useLocalMongo ? join(repoRoot, 'data/db.mv') : undefined,
  ports: PORTS,
  logDir,
  // Warnings and errors of every app reach the console; everything is in data/logs/.
  onLine: (instance, line) => {
    if (/"level":(40|50|60)/.test(line)) console.log(`[${instance}] ${line}`);
  },
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

for (const [app, instances] of stack.apps) {
  for (const instance of instances) console.log(`  ${app.padEnd(14)} ${instance.url}  (health: /health, /ready)`);
}
console.log(`\nRocket.Chat-compatible server ready: ${stack.gatewayUrl()}  (REST /api/v1, DDP ws://…/websocket)`);
console.log(`logs: ${logDir}   stop: Ctrl-C\n`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
