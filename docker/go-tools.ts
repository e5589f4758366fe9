import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@rc/local-stack';

/**
 * The Go programs the deployment specs run, built from the Go module proxy into `.local/bin` (ignored by git)
 * only when missing or of another version. A fresh machine compiles Helm once (minutes); later runs reuse the
 * binary, and a fresh clone on the same machine reuses Go's build cache.
 */
export const HELM_VERSION = 'v3.21.4';
/**
 * The Kubernetes version charts are rendered for: a Helm built by `go install` lacks the release build's
 * linker flags and would assume Kubernetes 1.20.
 */
export const KUBE_VERSION = '1.34.0';
const binDir = join(repoRoot, '.local/bin');

function goBuild(args: string[], cwd = repoRoot): void {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) throw new Error('Go is needed to build helm and k8s-validate (https://go.dev/doc/install, or Debian: golang)');
  // -mod=mod: resolve from the module proxy even where a vendor directory or a stale go.sum would refuse.
  execFileSync('go', args, { cwd, stdio: 'inherit', env: { ...process.env, GOBIN: binDir, GOFLAGS: '-mod=mod' } });
}

/** Path of a helm binary of HELM_VERSION, built when missing. */
export function ensureHelm(): string {
  const helm = join(binDir, 'helm');
  // `go install` leaves Helm's own version string unset: the module version recorded in the binary tells it.
  const buildInfo = existsSync(helm) ? spawnSync('go', ['version', '-m', helm], { encoding: 'utf8' }).stdout : '';
  if (!new RegExp(`\\bmod\\s+helm\\.sh/helm/v3\\s+${HELM_VERSION}\\s`).test(buildInfo)) {
    goBuild(['install', `helm.sh/helm/v3/cmd/helm@${HELM_VERSION}`]);
  }
  return helm;
}

/** Path of tools/k8s-validate, rebuilt each time (seconds when Go's build cache has it: the source may have changed). */
export function buildValidator(): string {
  const validator = join(binDir, 'k8s-validate');
  goBuild(['build', '-o', validator, '.'], join(repoRoot, 'tools/k8s-validate'));
  return validator;
}
