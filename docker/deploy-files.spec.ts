import 'reflect-metadata';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { APP_NAMES, repoRoot } from '@rc/local-stack';
import { HealthController } from '../libs/platform/src/health/health.controller.js';
import { parseAllDocuments } from 'yaml';

/** Static checks of the Docker and Kubernetes files (no Docker engine runs on our machines). */
const dockerDir = join(repoRoot, 'docker');
const k8sDir = join(dockerDir, 'k8s');

type Manifest = { kind: string; metadata: { name: string }; spec: any };

const k8sDocuments = (): Manifest[] =>
  readdirSync(k8sDir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(k8sDir, file), 'utf8')).map((doc) => {
        expect(doc.errors).toEqual([]);
        return doc.toJS() as Manifest;
      }),
    );

/** The path Nest registered for a health handler: Nest keeps it on the method function itself. */
const routePath = (name: 'health' | 'ready') => {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only its metadata is read; it is never called
  const handler = HealthController.prototype[name];
  return `/${Reflect.getMetadata('path', handler)}`;
};
const HEALTH = routePath('health');
const READY = routePath('ready');

describe('Kubernetes manifests', () => {
  const docs = k8sDocuments();
  const find = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name);

  it('probe the real health and readiness endpoints', () => {
    expect([HEALTH, READY]).toEqual(['/health', '/ready']);
  });

  it.each([...APP_NAMES])('has a Deployment and a Service for %s, probed on /health and /ready', (app) => {
    const deployment = find('Deployment', app);
    const service = find('Service', app);
    expect(deployment).toBeDefined();
    expect(service).toBeDefined();
    const [container] = deployment!.spec.template.spec.containers;
    expect(container.image).toContain(app);
    expect(container.livenessProbe.httpGet.path).toBe(HEALTH);
    expect(container.readinessProbe.httpGet.path).toBe(READY);
    const portNames = container.ports.map((p: { name: string }) => p.name);
    expect(portNames).toContain(container.readinessProbe.httpGet.port);
    expect(container.env).toContainEqual({ name: 'PORT', value: String(container.ports[0].containerPort) });
    expect(service!.spec.selector).toEqual(deployment!.spec.selector.matchLabels);
    expect(deployment!.spec.template.metadata.labels).toMatchObject(deployment!.spec.selector.matchLabels);
  });

  it('runs stream-hub as exactly one instance, never two during a rollout, and never autoscaled', () => {
    const streamHub = find('Deployment', 'stream-hub')!;
    expect(streamHub.spec.replicas).toBe(1);
    expect(streamHub.spec.strategy.type).toBe('Recreate');
    expect(docs.some((d) => d.kind === 'HorizontalPodAutoscaler' && d.spec.scaleTargetRef.name === 'stream-hub')).toBe(false);
  });

  it.each(APP_NAMES.filter((a) => a !== 'stream-hub'))('autoscales %s with a HorizontalPodAutoscaler', (app) => {
    const hpa = docs.find((d) => d.kind === 'HorizontalPodAutoscaler' && d.spec.scaleTargetRef.name === app);
    expect(hpa).toBeDefined();
    expect(hpa!.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa!.spec.maxReplicas).toBeGreaterThan(hpa!.spec.minReplicas);
  });

  it('lists every manifest file in the kustomization', () => {
    const kustomization = docs.find((d) => (d as any).resources) as unknown as { resources: string[] };
    const files = readdirSync(k8sDir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });
});

describe('compose file', () => {
  // `merge`: the compose file shares the apps' settings through YAML merge keys (`<<: *app`).
  const compose = parseAllDocuments(readFileSync(join(dockerDir, 'compose.yaml'), 'utf8'), { merge: true })[0].toJS();

  it('runs MongoDB as a replica set, NATS, and every app built from the one Dockerfile', () => {
    expect(compose.services.mongo.command).toEqual(expect.arrayContaining(['--replSet']));
    expect(compose.services.nats).toBeDefined();
    for (const app of APP_NAMES) {
      const service = compose.services[app];
      expect(service).toBeDefined();
      expect(service.build.args.APP).toBe(app);
      expect(service.build.dockerfile).toBe('docker/Dockerfile');
      expect(service.environment.MONGO_URL).toContain('replicaSet=');
      expect(service.healthcheck.test.join(' ')).toContain(READY);
    }
    expect(compose.services['stream-hub'].deploy.replicas).toBe(1);
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

  it('builds on the Node major that setup installs where the machine has an older one', () => {
    const projectNode = readFileSync(join(repoRoot, 'scripts/project-node.mjs'), 'utf8');
    const major = /^const NODE_MAJOR = (\d+);$/m.exec(projectNode)?.[1];
    expect(major).toBeDefined();
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_IMAGE=node:${major}-`, 'm'));
  });
});
