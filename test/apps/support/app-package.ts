import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';
import { repoRoot } from '@rc/local-stack';
import type { Credentials } from '../../support/rest-client.js';
import { postForm } from '../../uploads/support/multipart.js';

const require = createRequire(import.meta.url);

interface Zip {
  addFile(name: string, content: Buffer): void;
  toBuffer(): Buffer;
}
const AdmZip = require('adm-zip') as new () => Zip;

/** A 1×1 PNG: the icon every package carries, as the apps CLI requires one. */
const ICON = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export interface AppSource {
  name: string;
  /** The TypeScript source of the app's main file: it exports the App class first, as the apps CLI's template does. */
  source: string;
  /** The app-facing interfaces it implements (`app.json`'s `implements`, which the CLI derives from the class). */
  implements: string[];
  id?: string;
  /** `app.json`'s `permissions` (the engine's defaults when absent). */
  permissions?: Array<{ name: string }>;
}

export interface AppPackage {
  id: string;
  zip: Buffer;
}

/**
 * Builds an app as Rocket.Chat's apps CLI does (`rc-apps package`): the TypeScript source compiled to one
 * CommonJS file against the engine's `definition/` types (type errors fail the build), then `app.json`, the
 * compiled `main.js` and `icon.png` zipped.
 */
export function buildApp(app: AppSource): AppPackage {
  const id = app.id ?? randomUUID();
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
    const compiled = readFileSync(join(dir, 'dist', 'main.js'));
    const slug = app.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const manifest = {
      id,
      version: '1.0.0',
      requiredApiVersion: '^1.44.0',
      iconFile: 'icon.png',
      author: { name: 'rocket-nest tests', homepage: 'https://example.com', support: 'https://example.com' },
      name: app.name,
      nameSlug: slug,
      classFile: 'main.js',
      description: `${app.name}, built by the test suite`,
      implements: app.implements,
      ...(app.permissions && { permissions: app.permissions }),
    };
    const zip = new AdmZip();
    zip.addFile('app.json', Buffer.from(JSON.stringify(manifest, null, 2)));
    zip.addFile('main.js', compiled);
    zip.addFile('icon.png', ICON);
    return { id, zip: zip.toBuffer() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `POST /api/apps` as the admin UI uploads a package: multipart, the `.zip` in the `app` field. Sent again once
 * when fetch wrote it on a kept-alive connection the server had just closed (EPIPE: nothing reached the server).
 */
export async function installApp(baseUrl: string, credentials: Credentials, app: AppPackage) {
  const post = () => postForm(baseUrl, '/api/apps', credentials, { field: 'app', name: 'app.zip', type: 'application/zip', body: app.zip });
  try {
    return await post();
  } catch (error) {
    const code = ((error as Error & { cause?: { code?: string } }).cause ?? {}).code;
    if (code !== 'EPIPE' && code !== 'ECONNRESET') throw error;
    return post();
  }
}
