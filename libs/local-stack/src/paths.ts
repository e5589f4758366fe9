import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder upwards holding this project's package.json. */
export const repoRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'rocket-nest') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (package.json of rocket-nest)');
    dir = parent;
  }
})();

export const mongoServerJar = join(repoRoot, 'tools/mongo-server/target/mongo-server.jar');

/** V8's code cache for the apps' modules (Node's NODE_COMPILE_CACHE): a third less CPU to start an app. */
export const compileCacheDir = join(repoRoot, '.local/compile-cache');

export const appEntry = (app: string): string => join(repoRoot, 'dist/apps', app, 'src/main.js');
