#!/usr/bin/env node
// Prepares a fresh clone for `npm start` / `npm test` / `npm run bench`, doing only what is missing: Node 24
// (project-node.mjs), npm dependencies, nats-server, chromium, kamailio and baresip (Debian packages), the local MongoDB-compatible
// server and S3Proxy (Maven), the build. `node scripts/setup.mjs <command> [args…]` then runs the command on the project's Node.
// Plain Node with no dependencies, since it runs before `npm install`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runToEnd, useProjectNode } from './project-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (message) => console.log(`[setup] ${message}`);

function run(command, args, options = {}) {
  log(`${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/** Newest modification time of the files under the given paths (skipping node_modules and build output). */
function newest(paths) {
  let latest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (!['node_modules', 'dist', 'target'].includes(entry)) visit(join(path, entry));
    } else latest = Math.max(latest, stat.mtimeMs);
  };
  paths.forEach((p) => visit(join(root, p)));
  return latest;
}

function aptInstall(packages) {
  if (process.getuid?.() !== 0) throw new Error(`please install: ${packages.join(' ')} (Debian: apt-get install ${packages.join(' ')})`);
  const install = () =>
    spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', 'install', '-y', '-qq', ...packages], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  if (install().status !== 0) {
    run('apt-get', ['update', '-qq']);
    if (install().status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed`);
  }
}

// 0. Node 24, first on PATH from here on. npm install below runs on it too (the machine's npm, started through
// PATH): install scripts and the choice of native prebuilds then see the Node that will load them.
useProjectNode();

// 1. npm dependencies, at the versions of package-lock.json. `npm install` rather than `npm ci`: jest's
// unrs-resolver lists native bindings for every platform as optional dependencies, some of which the registry
// does not serve at the locked version, so the lock file cannot name them all and `npm ci` refuses it.
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules/.package-lock.json');
if (!existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs + 1000)) {
  run('npm', ['install', '--no-audit', '--no-fund']);
}

// 2. nats-server
if (!onPath('nats-server')) aptInstall(['nats-server']);

// 2b. Chromium, which the front page's test drives with playwright-core (Debian's package, no browser download)
if (!onPath('chromium')) aptInstall(['chromium']);

// 2c. OpenLDAP's slapd (and ldap-utils): the LDAP tests and benchmark start it with a generated configuration
if (!existsSync('/usr/sbin/slapd') || !onPath('ldapsearch')) aptInstall(['slapd', 'ldap-utils']);

// 2d. Kamailio, Omnichannel VoIP's PBX in its tests (the event API module is in kamailio-extra-modules, JSON in
// kamailio-json-modules, SIP over WebSocket in kamailio-websocket-modules), and baresip, the tests' SIP phones
const kamailioModules = '/usr/lib/x86_64-linux-gnu/kamailio/modules';
if (!existsSync('/usr/sbin/kamailio') || !['evapi.so', 'json.so', 'websocket.so'].every((m) => existsSync(join(kamailioModules, m)))) {
  aptInstall(['kamailio', 'kamailio-extra-modules', 'kamailio-json-modules', 'kamailio-websocket-modules']);
}
if (!onPath('baresip')) aptInstall(['baresip-core']);

// 3. Java + Maven, and the local MongoDB-compatible server
if (!onPath('java') || !onPath('mvn')) aptInstall(['openjdk-17-jdk-headless', 'maven']);
const jar = join(root, 'tools/mongo-server/target/mongo-server.jar');
if (!existsSync(jar) || newest(['tools/mongo-server/src', 'tools/mongo-server/pom.xml']) > statSync(jar).mtimeMs) {
  run('mvn', ['-q', '-B', '-f', 'tools/mongo-server/pom.xml', 'package']);
}

// 4. S3Proxy, the S3-compatible server the upload tests run against (the S3 storage's suite): a ready jar from
// Maven Central, fetched once into .local/s3proxy (seconds, where building a Go server took most of an hour).
const S3PROXY = 'org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies';
if (!existsSync(join(root, '.local/s3proxy/s3proxy-4.1.0-jar-with-dependencies.jar'))) {
  run('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${S3PROXY}`, '-DoutputDirectory=.local/s3proxy']);
}

// 4b. The npm modules the apps-engine's Deno runtime imports, cached in .local/deno: each app's Deno process runs
// `--cached-only` (no download at run time). Its import map (apps/apps-engine/deno-runtime/deno.jsonc) replaces the
// runtime's three jsr:@std modules, which cannot be downloaded here, with local stand-ins.
const denoConfig = join(root, 'apps/apps-engine/deno-runtime/deno.jsonc');
const denoStamp = join(root, '.local/deno/.cached');
if (!existsSync(denoStamp) || newest(['apps/apps-engine/deno-runtime', 'package-lock.json']) > statSync(denoStamp).mtimeMs) {
  run(
    join(root, 'node_modules/deno/deno'),
    ['install', `--config=${denoConfig}`, '--entrypoint', 'node_modules/@rocket.chat/apps-engine/deno-runtime/main.ts'],
    {
      env: { ...process.env, DENO_DIR: join(root, '.local/deno'), NO_COLOR: '1' },
    },
  );
  execFileSync('sh', ['-c', `touch ${JSON.stringify(denoStamp)}`]);
}

// 5. build every app (incremental: skipped when nothing changed since the last build)
const stamp = join(root, 'dist/.build-stamp');
const sources = newest(['apps', 'libs', 'tools/launcher', 'bench/src', 'tsconfig.json', 'nest-cli.json', 'package-lock.json']);
if (!existsSync(stamp) || sources > statSync(stamp).mtimeMs) {
  run('node', ['scripts/build-apps.mjs']);
  execFileSync('sh', ['-c', `mkdir -p dist && touch ${JSON.stringify(stamp)}`]);
}
log('ready');

const command = process.argv.slice(2);
if (command.length > 0) runToEnd(command);
