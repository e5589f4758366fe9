import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Zip {
  addFile(name: string, content: Buffer): void;
  toBuffer(): Buffer;
}
const AdmZip = require('adm-zip') as new () => Zip;

/** A 1×1 PNG: the icon every package carries, as the apps CLI requires one. */
const ICON = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export interface AppManifestInput {
  name: string;
  /** The app-facing interfaces it implements (`app.json`'s `implements`, which the CLI derives from the class). */
  implements: string[];
  id?: string;
  /** `app.json`'s `permissions` (the engine's defaults when absent). */
  permissions?: Array<{ name: string }>;
  description?: string;
}

export interface AppPackage {
  id: string;
  zip: Buffer;
}

/**
 * A Rocket.Chat App package as the apps CLI zips it (`rc-apps package`): `app.json`, the compiled CommonJS
 * `main.js` and `icon.png`. What the tests and the benchmark install.
 */
export function packApp(app: AppManifestInput, mainJs: Buffer | string): AppPackage {
  const id = app.id ?? randomUUID();
  const slug = app.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const manifest = {
    id,
    version: '1.0.0',
    requiredApiVersion: '^1.44.0',
    iconFile: 'icon.png',
    author: { name: 'rocket-nest', homepage: 'https://example.com', support: 'https://example.com' },
    name: app.name,
    nameSlug: slug,
    classFile: 'main.js',
    description: app.description ?? `${app.name}, built for a test`,
    implements: app.implements,
    ...(app.permissions && { permissions: app.permissions }),
  };
  const zip = new AdmZip();
  zip.addFile('app.json', Buffer.from(JSON.stringify(manifest, null, 2)));
  zip.addFile('main.js', Buffer.isBuffer(mainJs) ? mainJs : Buffer.from(mainJs));
  zip.addFile('icon.png', ICON);
  return { id, zip: zip.toBuffer() };
}

/**
 * `POST /api/apps` (an install) or `POST /api/apps/:id` (an update) as the admin UI uploads a package: multipart,
 * the `.zip` in the `app` field.
 */
export async function postAppPackage(
  baseUrl: string,
  credentials: { userId: string; authToken: string } | undefined,
  zip: Buffer,
  appId?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.append('app', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'app.zip');
  const response = await fetch(`${baseUrl}/api/apps${appId ? `/${appId}` : ''}`, {
    method: 'POST',
    body: form,
    headers: credentials ? { 'x-user-id': credentials.userId, 'x-auth-token': credentials.authToken } : {},
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: response.status, body: { text } };
  }
}
