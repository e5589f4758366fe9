import type { Request } from 'express';

/** Largest webhook body read when the JSON parser has not read it (forms, text). */
const MAX_BODY_BYTES = 1024 * 1024;

export class HookBodyError extends Error {}

/**
 * An incoming webhook's body as Rocket.Chat reads it: JSON (parsed by the app's JSON parser), or a form
 * (`application/x-www-form-urlencoded`) whose one field `payload` holds the JSON (Slack's form) — a form of one
 * other field is its raw text parsed as JSON, as Rocket.Chat does; several fields are taken as they are. A GET
 * has no body. Also the raw text, which scripts see as `content_raw`.
 */
export async function readHookBody(request: Request): Promise<{ body: Record<string, unknown>; raw: string }> {
  if (request.method === 'GET') return { body: {}, raw: '' };
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  // Already read by the app's body parsers (JSON; a form too where Nest's default parsers are on).
  const parsed: unknown = request.readableEnded ? request.body : undefined;
  if (parsed !== undefined && parsed !== null && typeof parsed === 'object') {
    if (Array.isArray(parsed)) throw new HookBodyError('The request body must be a JSON object');
    if (type !== 'application/x-www-form-urlencoded') return { body: parsed as Record<string, unknown>, raw: JSON.stringify(parsed) };
    const form = Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
    return fromForm(form, new URLSearchParams(form).toString());
  }
  const raw = await readText(request);
  if (raw.trim() === '') return { body: {}, raw };
  if (type === 'application/x-www-form-urlencoded') return fromForm(Object.fromEntries(new URLSearchParams(raw)), raw);
  return { body: asObject(raw), raw };
}

function fromForm(form: Record<string, string>, raw: string): { body: Record<string, unknown>; raw: string } {
  const keys = Object.keys(form);
  if (keys.length !== 1) return { body: form, raw };
  // A JSON text sent as a form is one field named by the whole text, with no value.
  const [only] = keys as [string];
  return { body: asObject(form.payload ?? (form[only] === '' ? only : raw)), raw };
}

function asObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HookBodyError(error instanceof Error ? error.message : 'Invalid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new HookBodyError('The request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function readText(request: Request): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HookBodyError('request entity too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
