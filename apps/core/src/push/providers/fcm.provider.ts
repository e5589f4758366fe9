import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@rc/platform';
import { createSign } from 'node:crypto';
import type { CoreConfig } from '../../core.env.js';
import { postJson, RetryableDeliveryError, type DeliveryOutcome } from './delivery.js';

/** The fields of a Google service account's JSON key that FCM needs (`Push_google_api_credentials`). */
interface ServiceAccount {
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  token_uri?: string;
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export function parseServiceAccount(text: string): ServiceAccount {
  let parsed: Partial<ServiceAccount>;
  try {
    parsed = JSON.parse(text) as Partial<ServiceAccount>;
  } catch {
    throw new Error('Push_google_api_credentials is not in the correct format');
  }
  for (const key of ['client_email', 'project_id', 'private_key_id', 'private_key'] as const) {
    if (typeof parsed[key] !== 'string' || !parsed[key]) throw new Error('Push_google_api_credentials is not in the correct format');
  }
  return parsed as ServiceAccount;
}

/**
 * FCM HTTP v1 with the server's own service account: an OAuth2 access token from a signed JWT (RS256,
 * the `jwt-bearer` grant at the key's `token_uri`), kept until a minute before it expires, then
 * `POST /v1/projects/<project_id>/messages:send`. 404 / `UNREGISTERED` and `INVALID_ARGUMENT` on the token: dead.
 */
@Injectable()
export class FcmProvider {
  private cached?: { key: string; token: string; expiresAt: number };

  constructor(@Inject(APP_CONFIG) private readonly config: CoreConfig) {}

  async send(credentialsText: string, message: { message: Record<string, unknown> }): Promise<DeliveryOutcome> {
    const account = parseServiceAccount(credentialsText);
    const accessToken = await this.accessToken(account);
    const url = `${this.config.PUSH_FCM_URL.replace(/\/+$/, '')}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`;
    const { status, text } = await postJson(url, message, { authorization: `Bearer ${accessToken}` });
    if (status >= 200 && status < 300) return 'sent';
    if (status === 401) this.cached = undefined;
    if (status === 404 || (status === 400 && /UNREGISTERED|registration-token-not-registered|INVALID_ARGUMENT/.test(text)))
      return 'invalid-token';
    if (status === 429 || status >= 500 || status === 401)
      throw new RetryableDeliveryError(`FCM answered ${status}: ${text.slice(0, 200)}`);
    return 'rejected';
  }

  private async accessToken(account: ServiceAccount): Promise<string> {
    const key = `${account.client_email}|${account.private_key_id}`;
    if (this.cached?.key === key && this.cached.expiresAt > Date.now() + 60_000) return this.cached.token;
    const tokenUri = account.token_uri ?? 'https://oauth2.googleapis.com/token';
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: account.private_key_id }));
    const claims = b64url(JSON.stringify({ iss: account.client_email, scope: SCOPE, aud: tokenUri, iat: now, exp: now + 3600 }));
    const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(account.private_key);
    const assertion = `${header}.${claims}.${b64url(signature)}`;
    let response: Response;
    try {
      response = await fetch(tokenUri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new RetryableDeliveryError(`FCM token endpoint: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number };
    if (!response.ok || !body.access_token) throw new RetryableDeliveryError(`FCM token endpoint answered ${response.status}`);
    this.cached = { key, token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
    return body.access_token;
  }
}
