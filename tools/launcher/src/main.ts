import { join, resolve } from 'node:path';
import { Stack, repoRoot, type AppName } from '@rc/local-stack';

/**
 * `npm start`: the whole system on this machine. Uses NATS_URL / MONGO_URL when set; otherwise starts a
 * local nats-server and the local MongoDB-compatible server, persisting data under DATA_DIR (default data/).
 * Every app runs as its own process, the gateway on PORT (default 3000) and the others next to it
 * (PORT + 101 …); a process that dies is restarted (with backoff; given up after repeated crashes);
 * Ctrl-C stops them all.
 */
const gatewayPort = Number(process.env.PORT ?? 3000);
const PORTS: Record<AppName, number> = {
  gateway: gatewayPort,
  accounts: gatewayPort + 101,
  authorization: gatewayPort + 102,
  presence: gatewayPort + 103,
  'stream-hub': gatewayPort + 104,
  core: gatewayPort + 105,
  omnichannel: gatewayPort + 106,
  'omnichannel-voip': gatewayPort + 107,
  'apps-engine': gatewayPort + 108,
};

/** The accounts log line that carries a generated password (AdminSeedService), if this is one. */
function firstRunAdminIn(line: string): { username: string; password: string } | undefined {
  if (!line.includes('"firstRunAdmin"')) return undefined;
  try {
    return (JSON.parse(line) as { firstRunAdmin?: { username: string; password: string } }).firstRunAdmin;
  } catch {
    return undefined;
  }
}

function firstRunAdminNotice({ username, password }: { username: string; password: string }): string {
  return [
    '',
    '  ┌──────────────────────────────────────────────────────────────────────┐',
    `    First start: administrator "${username}" created with the password`,
    `        ${password}`,
    '    It is shown only this once. Log in and change it; set ADMIN_PASS before',
    '    the first start to choose it instead.',
    '  └──────────────────────────────────────────────────────────────────────┘',
    '',
  ].join('\n');
}

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
  allFeatures: true,
  logDir,
  // Warnings and errors of every app reach the console; everything is in the log folder. The first start's
  // generated administrator password (ADMIN_PASS unset) is shown plainly, once: later starts find the admin.
  onLine: (instance, line) => {
    const firstRunAdmin = firstRunAdminIn(line);
    if (firstRunAdmin) console.log(firstRunAdminNotice(firstRunAdmin));
    else if (/"level":(40|50|60)/.test(line)) console.log(`[${instance}] ${line}`);
  },
  // What dies is restarted with backoff, as Kubernetes does in production; a crash loop is given up loudly.
  supervise: {
    log: (message) => console.log(`[supervisor] ${message}`),
    onGiveUp: (_name, why) => console.error(`[supervisor] ${why}`),
  },
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

for (const [app, instances] of stack.apps) {
  for (const instance of instances) {
    console.log(`  ${app.padEnd(14)} ${instance.url}  (health: /health, /ready)  pid ${instance.process.child.pid}`);
  }
}
if (stack.nats) console.log(`  ${'nats-server'.padEnd(14)} ${stack.natsUrl}  pid ${stack.nats.pid}`);
if (stack.mongo) console.log(`  ${'mongo-server'.padEnd(14)} ${stack.mongoUrl}  pid ${stack.mongo.pid}`);
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
