import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type mongoose from 'mongoose';
import ts from 'typescript';
import { packApp, postAppPackage, repoRoot, type AppManifestInput, type AppPackage } from '@rc/local-stack';
import { waitFor } from '@rc/local-stack';
import { ok } from '../../core/support/core-fixtures.js';
import type { Credentials, RestClient } from '../../support/rest-client.js';

export type { AppPackage } from '@rc/local-stack';
export * from './app-sources.js';

export interface AppSource extends AppManifestInput {
  /** The TypeScript source of the app's main file: it exports the App class first, as the apps CLI's template does. */
  source: string;
}

/**
 * Builds an app as Rocket.Chat's apps CLI does (`rc-apps package`): the TypeScript source compiled to one
 * CommonJS file against the engine's `definition/` types (type errors fail the build), then zipped with its
 * `app.json` and icon (`packApp`).
 */
export function buildApp(app: AppSource): AppPackage {
  // Inside the checkout, so that the engine's package resolves from its node_modules; a CommonJS package, as apps are.
  mkdirSync(join(repoRoot, '.local'), { recursive: true });
  const dir = mkdtempSync(join(repoRoot, '.local', 'rc-app-'));
  try {
    const file = join(dir, 'main.ts');
    writeFileSync(file, app.source);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'commonjs' }));
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      skipLibCheck: true,
      types: [],
      outDir: join(dir, 'dist'),
    });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    if (diagnostics.length > 0) {
      throw new Error(
        `app ${app.name} does not compile:\n${ts.formatDiagnosticsWithColorAndContext(diagnostics, ts.createCompilerHost({}))}`,
      );
    }
    program.emit();
    return packApp(app, readFileSync(join(dir, 'dist', 'main.js')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Installs a package (`POST /api/apps`), or updates the installed app of that id with it (`update`:
 * `POST /api/apps/:id`). Sent again once when fetch wrote it on a kept-alive connection the server had just
 * closed (EPIPE: nothing reached the server).
 */
export async function installApp(
  baseUrl: string,
  credentials: Credentials | undefined,
  app: AppPackage,
  update?: { appId: string },
): Promise<{ status: number; body: Record<string, any> }> {
  const post = () => postAppPackage(baseUrl, credentials, app.zip, update?.appId);
  try {
    return await post();
  } catch (error) {
    const code = ((error as Error & { cause?: { code?: string } }).cause ?? {}).code;
    if (code !== 'EPIPE' && code !== 'ECONNRESET') throw error;
    return post();
  }
}

/**
 * How many of an app's log entries of `method` (`runtime:restart`, `runtime:exit`…) there are, those whose text has
 * `mentioning` if given, counted in the collection: the REST page holds the newest entries only, which a busy app's
 * other entries push out, and the engine's routes may wait for a restart under way.
 */
export function runtimeEntries(db: mongoose.Connection, appId: string, method: string, mentioning?: string): Promise<number> {
  return db
    .collection('rocketchat_apps_logs')
    .countDocuments({ appId, method, ...(mentioning !== undefined && { 'entries.args': new RegExp(mentioning) }) });
}

/** The `runtime:restart` entries of an app's logs that name the address rule `value`. */
export function restartsUnder(db: mongoose.Connection, appId: string, value: boolean): Promise<number> {
  return runtimeEntries(db, appId, 'runtime:restart', `is now ${value}`);
}

/** Waits until the app's process is ready on every engine instance. */
export async function readyEverywhere(admin: RestClient, appId: string): Promise<void> {
  await waitFor(
    async () =>
      (ok(await admin.get(`/api/apps/${appId}`)).app.runtime.instances as Array<{ process?: string }>).every((r) => r.process === 'ready'),
    { describe: () => `${appId} ready` },
  );
}

/**
 * Sets `Integrations_Allow_Private_Addresses` and waits until each of `appIds` (running apps with `networking`
 * whose processes run under the other rule) was restarted under the new one on each of the `instances` engine
 * instances and is ready again.
 */
export async function setAddressRule(
  admin: RestClient,
  db: mongoose.Connection,
  value: boolean,
  appIds: string[],
  instances = 1,
): Promise<void> {
  const before = await Promise.all(appIds.map((appId) => restartsUnder(db, appId, value)));
  ok(await admin.post('/api/v1/settings/Integrations_Allow_Private_Addresses', { value }));
  for (const [i, appId] of appIds.entries()) {
    await waitFor(async () => (await restartsUnder(db, appId, value)) >= before[i] + instances, {
      describe: () => `${appId} restarted under ${value}`,
    });
    await readyEverywhere(admin, appId);
  }
}
