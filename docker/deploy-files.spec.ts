import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { APP_NAMES, APP_NODE_FLAGS, repoRoot } from '@rc/local-stack';
import { HealthController } from '../libs/platform/src/health/health.controller.js';
import { parseAllDocuments } from 'yaml';

/** Static checks of the Docker files (no Docker engine runs on our machines); Kubernetes: helm-chart.spec.ts. */
const dockerDir = join(repoRoot, 'docker');

/** The path Nest registered for a health handler: Nest keeps it on the method function itself. */
const routePath = (name: 'health' | 'ready') => {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only its metadata is read; it is never called
  const handler = HealthController.prototype[name];
  return `/${Reflect.getMetadata('path', handler)}`;
};
const READY = routePath('ready');

describe('compose file', () => {
  // `merge`: the compose file shares the apps' settings through YAML merge keys (`<<: *app`).
  const compose = parseAllDocuments(readFileSync(join(dockerDir, 'compose.yaml'), 'utf8'), { merge: true })[0].toJS();

  it('runs MongoDB as a replica set on WiredTiger, NATS, and every app built from the one Dockerfile', () => {
    expect(compose.services.mongo.command).toEqual(expect.arrayContaining(['--replSet', '--storageEngine', 'wiredTiger']));
    expect(compose.services.nats).toBeDefined();
    for (const app of APP_NAMES) {
      const service = compose.services[app];
      expect(service).toBeDefined();
      expect(service.build.args.APP).toBe(app);
      expect(service.build.dockerfile).toBe('docker/Dockerfile');
      expect(service.environment.MONGO_URL).toContain('replicaSet=');
      expect(service.environment.TRANSPORTER).toBe('nats://nats:4222');
      expect(service.healthcheck.test.join(' ')).toContain(READY);
    }
    expect(compose.services['stream-hub'].deploy.replicas).toBe(1);
  });

  it('names the replica set the health check initiates in MONGO_URL', () => {
    const replicaSet = /replicaSet=(\w+)/.exec(compose.services.gateway.environment.MONGO_URL)![1];
    expect(compose.services.mongo.healthcheck.test.join(' ')).toContain(`_id: '${replicaSet}'`);
  });

  it('keeps the apps that do not exist yet out of a plain `up`', () => {
    expect(compose.services.omnichannel.profiles).toBeUndefined();
    expect(compose.services['apps-engine'].profiles).toBeUndefined();
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(dockerDir, 'Dockerfile'), 'utf8');
  const nestCli = JSON.parse(readFileSync(join(repoRoot, 'nest-cli.json'), 'utf8'));

  it('is multi-stage and builds the app named by APP with the Nest CLI', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/^ARG APP$/m);
    expect(dockerfile).toContain('npx nest build "$APP"');
  });

  it('starts the entry file the Nest CLI builds for each app', () => {
    for (const app of APP_NAMES) {
      expect(nestCli.projects[app].entryFile).toBe(`apps/${app}/src/main`);
    }
    expect(dockerfile).toContain('dist/apps/${APP}/src/main.js');
  });

  it('runs node with the flags the local stack runs every app with', () => {
    expect(dockerfile).toContain(`exec node ${APP_NODE_FLAGS.join(' ')} dist/apps/`);
  });

  it('builds on the Node major that setup installs where the machine has an older one', () => {
    const projectNode = readFileSync(join(repoRoot, 'scripts/project-node.mjs'), 'utf8');
    const major = /^const NODE_MAJOR = (\d+);$/m.exec(projectNode)?.[1];
    expect(major).toBeDefined();
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_IMAGE=node:${major}-`, 'm'));
  });
});
