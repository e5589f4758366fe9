import { join, resolve } from 'node:path';
import { Stack, repoRoot, type AppName } from '@rc/local-stack';

/**
 * `npm start`: the whole system on this machine. Uses NATS_URL / MONGO_URL when set; otherwise starts a
 * local nats-server and the local MongoDB-compatible server, persisting data under DATA_DIR (default data/).
 * Every app runs as its own process, the gateway on PORT (default 3000) and the others next to it
 * (PORT + 101 …); Ctrl-C stops them all.
 */
const gatewayPort = Number(process.env.PORT ?? 3000);
const PORTS: Record<AppName, number> = {
  gateway: gatewayPort,
  accounts: gatewayPort + 101,
  authorization: gatewayPort + 102,
  presence: gatewayPort + 103,
  'stream-hub': gatewayPort + 104,
  core: gatewayPort + 105,
};

const dataDir = resolve(repoRoot, process.env.DATA_DIR ?? 'data');
const logDir = join(dataDir, 'logs');
const useLocalMongo = !process.env.MONGO_URL;

const mongo = process.env.MONGO_URL ?? `(local mongo-java-server, ${join(dataDir, 'db.mv')})`;
console.log(`starting: NATS ${process.env.NATS_URL ?? '(local nats-server)'}, MongoDB ${mongo}`);
const stack = await Stack.start({
  natsUrl: process.env.NATS_URL || undefined,
  mongoUrl: process.env.MONGO_URL || undefined,
  mongoFile: useLocalMongo ? join(dataDir, 'db.mv') : undefined,
  ports: PORTS,
  logDir,
  // Warnings and errors of every app reach the console; everything is in the log folder.
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
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
