import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { APP_NAMES, repoRoot } from '@rc/local-stack';
import { parseAllDocuments } from 'yaml';
import { HealthController } from '../libs/platform/src/health/health.controller.js';
import { KUBE_VERSION, buildValidator, ensureHelm } from './go-tools.js';

/**
 * The Helm chart, linted and rendered by Helm itself, every rendered object decoded by Kubernetes' own types
 * (tools/k8s-validate), and the kustomize manifests checked to be the chart's rendering.
 */
const chart = join(repoRoot, 'docker/helm/rocket-nest');
const fullValues = join(chart, 'ci/full-values.yaml');
const k8sDir = join(repoRoot, 'docker/k8s');
const RELEASE = 'rocket-nest';
/** Apps that run exactly one instance (the chart's `singleton`). */
const SINGLETONS: readonly string[] = ['stream-hub'];

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: any;
  data?: Record<string, string>;
};

/** The path Nest registered for a health handler: Nest keeps it on the method function itself. */
const routePath = (name: 'health' | 'ready') => {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only its metadata is read; it is never called
  const handler = HealthController.prototype[name];
  return `/${Reflect.getMetadata('path', handler)}`;
};
const HEALTH = routePath('health');
const READY = routePath('ready');

let helm = '';
let validator = '';

function run(command: string, args: string[], input?: string) {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function render(...args: string[]): string {
  const result = run(helm, ['template', RELEASE, chart, '--namespace', 'rocket-nest', '--kube-version', KUBE_VERSION, ...args]);
  if (result.status !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  return result.stdout;
}

const parse = (yaml: string): Manifest[] =>
  parseAllDocuments(yaml)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((doc): doc is Manifest => doc !== null);

/** Objects as k8s-validate prints them, "<apiVersion> <Kind> <namespace>/<name>", or its complaints. */
function validate(...paths: string[]): { status: number | null; objects: string[]; stderr: string } {
  const input = paths[0] === '-' ? paths[1] : undefined;
  const result = run(validator, input === undefined ? paths : ['-'], input);
  return { status: result.status, objects: result.stdout.trim().split('\n').filter(Boolean), stderr: result.stderr };
}

beforeAll(() => {
  helm = ensureHelm();
  validator = buildValidator();
}, 30 * 60_000);

describe('Helm chart', () => {
  it('passes helm lint, with the defaults and with every option on', () => {
    for (const args of [[], ['--values', fullValues]]) {
      const result = run(helm, ['lint', '--strict', '--kube-version', KUBE_VERSION, chart, ...args]);
      expect(`${result.stdout}${result.stderr}`).not.toContain('[ERROR]');
      expect(result.status).toBe(0);
    }
  });

  it.each([
    ['defaults', []],
    ['every option on', ['--values', fullValues]],
  ])('renders objects Kubernetes decodes strictly (%s)', (_, args) => {
    const result = validate('-', render(...args));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.objects.length).toBeGreaterThan(10);
  });

  it('the validator refuses a misspelt field in a rendered manifest', () => {
    const broken = render().replace('terminationGracePeriodSeconds:', 'terminationGracePeriod:');
    const result = validate('-', broken);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('terminationGracePeriod');
  });

  describe('with the defaults', () => {
    let docs: Manifest[] = [];
    beforeAll(() => {
      docs = parse(render());
    });
    const find = (kind: string, app: string) => docs.find((d) => d.kind === kind && d.metadata.name === `${RELEASE}-${app}`);

    it.each([...APP_NAMES])('has a Deployment and a Service for %s, probed on /health and /ready', (app) => {
      const deployment = find('Deployment', app)!;
      const service = find('Service', app)!;
      expect(deployment).toBeDefined();
      expect(service).toBeDefined();
      const [container] = deployment.spec.template.spec.containers;
      expect(container.image).toContain(app);
      expect(container.livenessProbe.httpGet.path).toBe(HEALTH);
      expect(container.readinessProbe.httpGet.path).toBe(READY);
      expect(container.env).toContainEqual({ name: 'PORT', value: String(container.ports[0].containerPort) });
      expect(container.env.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['INSTANCE_ID', 'INSTANCE_IP']));
      expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
      expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
      expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(10);
    });

    it('gives MONGO_URL to every app but the gateway, from a Secret', () => {
      for (const app of APP_NAMES) {
        const env = find('Deployment', app)!.spec.template.spec.containers[0].env as { name: string; valueFrom?: any }[];
        const mongo = env.find((e) => e.name === 'MONGO_URL');
        if (app === 'gateway') expect(mongo).toBeUndefined();
        else expect(mongo?.valueFrom.secretKeyRef.key).toBe('mongo-uri');
      }
    });

    it.each(SINGLETONS)('runs %s as exactly one instance, never two during a rollout, never autoscaled or budgeted', (app) => {
      const singleton = find('Deployment', app)!;
      expect(singleton.spec.replicas).toBe(1);
      expect(singleton.spec.strategy.type).toBe('Recreate');
      expect(docs.some((d) => d.kind === 'HorizontalPodAutoscaler' && d.spec.scaleTargetRef.name === `${RELEASE}-${app}`)).toBe(false);
      expect(find('PodDisruptionBudget', app)).toBeUndefined();
    });

    it('refuses to run stream-hub with more than one replica', () => {
      const result = run(helm, ['template', RELEASE, chart, '--kube-version', KUBE_VERSION, '--set', 'microservices.streamHub.replicas=2']);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('exactly one replica');
    });

    it.each(APP_NAMES.filter((a) => !SINGLETONS.includes(a)))('autoscales %s and keeps a disruption budget', (app) => {
      const hpa = find('HorizontalPodAutoscaler', app)!;
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
      expect(find('PodDisruptionBudget', app)!.spec.minAvailable).toBeGreaterThanOrEqual(1);
      expect(find('Deployment', app)!.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
    });

    it('keeps websockets open at the ingress, with cookie affinity for SockJS only', () => {
      const main = find('Ingress', 'gateway')!;
      const sockjs = docs.find((d) => d.kind === 'Ingress' && d.metadata.name === `${RELEASE}-gateway-sockjs`)!;
      for (const ingress of [main, sockjs]) {
        expect(Number(ingress.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
      }
      expect(main.metadata.annotations!['nginx.ingress.kubernetes.io/affinity']).toBeUndefined();
      expect(sockjs.metadata.annotations!['nginx.ingress.kubernetes.io/affinity']).toBe('cookie');
      expect(sockjs.spec.rules[0].http.paths[0].path).toBe('/sockjs');
    });

    it.each([...APP_NAMES])('spreads the pods of %s over nodes and zones', (app) => {
      const constraints = find('Deployment', app)!.spec.template.spec.topologySpreadConstraints;
      expect(constraints.map((c: { topologyKey: string }) => c.topologyKey)).toEqual([
        'kubernetes.io/hostname',
        'topology.kubernetes.io/zone',
      ]);
      for (const constraint of constraints) {
        expect(constraint.labelSelector.matchLabels).toEqual(find('Deployment', app)!.spec.selector.matchLabels);
      }
    });

    it('runs omnichannel and the apps-engine', () => {
      expect(find('Deployment', 'omnichannel')).toBeDefined();
      expect(find('Deployment', 'apps-engine')).toBeDefined();
    });
  });

  describe('with the NATS cluster on', () => {
    let docs: Manifest[] = [];
    beforeAll(() => {
      docs = parse(render('--set', 'nats.cluster.enabled=true'));
    });
    const named = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name)!;

    it('runs three servers meshed by routes to each of them, one per node, drained one at a time', () => {
      const servers = named('StatefulSet', `${RELEASE}-nats`);
      expect(servers.spec.replicas).toBe(3);
      expect(servers.spec.serviceName).toBe(`${RELEASE}-nats-cluster`);
      expect(named('Service', `${RELEASE}-nats-cluster`).spec.clusterIP).toBe('None');
      const conf = named('ConfigMap', `${RELEASE}-nats`).data!['nats.conf'];
      const routes = [...conf.matchAll(/nats:\/\/([\w.-]+):6222/g)].map((m) => m[1]);
      expect(routes).toEqual([0, 1, 2].map((i) => `${RELEASE}-nats-${i}.${RELEASE}-nats-cluster.rocket-nest.svc`));
      const antiAffinity = servers.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
      expect(antiAffinity.topologyKey).toBe('kubernetes.io/hostname');
      expect(named('PodDisruptionBudget', `${RELEASE}-nats`).spec.maxUnavailable).toBe(1);
    });

    it("runs each server's Go scheduler on the cores its pod requests, not the node's", () => {
      const [container] = named('StatefulSet', `${RELEASE}-nats`).spec.template.spec.containers;
      expect(container.env).toContainEqual({
        name: 'GOMAXPROCS',
        valueFrom: { resourceFieldRef: { containerName: 'nats', resource: 'requests.cpu', divisor: '1' } },
      });
      expect(container.resources.requests.cpu).toBeDefined();
    });

    it('writes a configuration the real nats-server accepts', () => {
      const conf = named('ConfigMap', `${RELEASE}-nats`).data!['nats.conf'];
      const dir = mkdtempSync(join(tmpdir(), 'nats-conf-'));
      const file = join(dir, 'nats.conf');
      writeFileSync(file, conf.replace('/var/run/nats/nats.pid', join(dir, 'nats.pid')));
      const result = spawnSync('nats-server', ['-t', '-c', file], {
        encoding: 'utf8',
        env: { ...process.env, SERVER_NAME: `${RELEASE}-nats-0` },
      });
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/error/i);
      expect(result.status).toBe(0);
    });

    it("points every app at the cluster's Service", () => {
      expect(named('ConfigMap', `${RELEASE}-config`).data!.NATS_URL).toBe(`nats://${RELEASE}-nats:4222`);
      expect(named('Service', `${RELEASE}-nats`).spec.ports).toContainEqual({ name: 'client', port: 4222, targetPort: 'client' });
    });

    it('refuses a cluster of fewer than three servers', () => {
      const result = run(helm, [
        'template',
        RELEASE,
        chart,
        '--kube-version',
        KUBE_VERSION,
        '--set',
        'nats.cluster.enabled=true',
        '--set',
        'nats.cluster.replicas=2',
      ]);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('at least 3');
    });
  });

  it('with every option on: the new apps, a ServiceMonitor, external endpoints from Secrets', () => {
    const docs = parse(render('--values', fullValues));
    const names = docs.map((d) => `${d.kind}/${d.metadata.name}`);
    expect(names).toEqual(
      expect.arrayContaining([`Deployment/${RELEASE}-omnichannel`, `Deployment/${RELEASE}-apps-engine`, `ServiceMonitor/${RELEASE}`]),
    );
    const monitor = docs.find((d) => d.kind === 'ServiceMonitor')!;
    expect(monitor.spec.endpoints[0]).toMatchObject({ port: 'http', path: '/metrics', honorLabels: true });
    const gateway = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === `${RELEASE}-gateway`)!;
    expect(gateway.spec.replicas).toBe(3);
    const env = gateway.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'NATS_URL', valueFrom: { secretKeyRef: { name: 'nats-secret', key: 'connectionString' } } });
    expect(names).not.toContain(`Secret/${RELEASE}-mongodb`);
  });
});

describe('Kubernetes manifests (docker/k8s)', () => {
  it('are the chart rendered with docker/k8s/values.yaml (UPDATE_K8S=1 rewrites them)', () => {
    const header = '# Generated from docker/helm/rocket-nest with docker/k8s/values.yaml: see kustomization.yaml. Do not edit.\n';
    const rendered = header + render('--values', join(k8sDir, 'values.yaml'));
    const file = join(k8sDir, 'rocket-nest.yaml');
    if (process.env.UPDATE_K8S === '1') writeFileSync(file, rendered);
    expect(readFileSync(file, 'utf8')).toBe(rendered);
  });

  it('build with kustomize into objects Kubernetes decodes strictly: the chart objects plus the namespace', () => {
    const result = validate(k8sDir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const chartObjects = validate('-', render('--values', join(k8sDir, 'values.yaml'))).objects.map((line) =>
      line.replace(' /', ' rocket-nest/'),
    );
    expect([...result.objects].sort()).toEqual([...chartObjects, 'v1 Namespace /rocket-nest'].sort());
  });
});
