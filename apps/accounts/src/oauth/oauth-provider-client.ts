import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@rc/contracts';
import type { ILoginServiceConfiguration } from '@rc/models';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

const TIMEOUT_MS = 10_000;
const DISCOVERY_TTL_MS = 10 * 60_000;

const failed = (why: string) => new DomainError(ErrorCode.OAuthFailed, why);

interface Discovery {
  issuer: string;
  keys: ReturnType<typeof createRemoteJWKSet>;
  fetchedAt: number;
}

/** A text field of a service's configuration ('' when unset or not text). */
export const textOf = (configuration: ILoginServiceConfiguration, key: string): string => {
  const value = configuration[key];
  return typeof value === 'string' ? value : '';
};

/** A service's endpoint: an absolute path setting as is, a relative one under the server URL. */
export function endpoint(configuration: ILoginServiceConfiguration, key: 'authorizePath' | 'tokenPath' | 'identityPath'): string {
  const value = textOf(configuration, key);
  if (/^https?:\/\//i.test(value)) return value;
  return `${textOf(configuration, 'serverURL').replace(/\/+$/, '')}${value.startsWith('/') ? '' : '/'}${value}`;
}

/**
 * The server side of the authorisation-code flow against a provider configured as Rocket.Chat's custom
 * OAuth: the code exchange (with PKCE's verifier; client credentials in the body or a Basic header as
 * `token_sent_via` says), the id token's signature and claims checked against the keys the provider
 * publishes (OpenID discovery, `jose`'s remote key set), and the identity from `identity_path`.
 */
@Injectable()
export class OAuthProviderClient {
  private readonly discoveries = new Map<string, Discovery>();

  async exchangeCode(
    configuration: ILoginServiceConfiguration,
    code: string,
    redirectUri: string,
    codeVerifier: string,
  ): Promise<{ accessToken: string; idToken?: string }> {
    const clientId = textOf(configuration, 'clientId');
    const secret = textOf(configuration, 'secret');
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: codeVerifier });
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
    if (configuration.tokenSentVia === 'header') {
      const encode = (value: string) => encodeURIComponent(value);
      headers.authorization = `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
    } else {
      body.set('client_id', clientId);
      body.set('client_secret', secret);
    }
    const answer = await this.json(endpoint(configuration, 'tokenPath'), { method: 'POST', headers, body: body.toString() });
    const accessToken = answer.access_token;
    if (typeof accessToken !== 'string' || !accessToken) throw failed('The provider gave no access token');
    const idToken = typeof answer.id_token === 'string' ? answer.id_token : undefined;
    return { accessToken, idToken };
  }

  /** The id token's claims once its signature (a key the provider publishes), issuer, audience and expiry hold. */
  async verifyIdToken(configuration: ILoginServiceConfiguration, idToken: string): Promise<JWTPayload> {
    const discovery = await this.discover(textOf(configuration, 'serverURL'));
    try {
      const { payload } = await jwtVerify(idToken, discovery.keys, {
        issuer: discovery.issuer,
        audience: textOf(configuration, 'clientId'),
      });
      return payload;
    } catch (error) {
      throw failed(`The id token was refused: ${(error as Error).message}`);
    }
  }

  /** `identity_path` with the access token in a Bearer header or in the query (`access_token_param`). */
  async identity(configuration: ILoginServiceConfiguration, accessToken: string): Promise<Record<string, unknown>> {
    const via =
      configuration.identityTokenSentVia === 'default' || !configuration.identityTokenSentVia
        ? configuration.tokenSentVia
        : configuration.identityTokenSentVia;
    const url = new URL(endpoint(configuration, 'identityPath'));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (via === 'header') headers.authorization = `Bearer ${accessToken}`;
    else url.searchParams.set(textOf(configuration, 'accessTokenParam') || 'access_token', accessToken);
    return this.json(url.toString(), { headers });
  }

  private async discover(serverUrl: string): Promise<Discovery> {
    const cached = this.discoveries.get(serverUrl);
    if (cached && Date.now() - cached.fetchedAt < DISCOVERY_TTL_MS) return cached;
    const document = await this.json(`${serverUrl.replace(/\/+$/, '')}/.well-known/openid-configuration`, {
      headers: { accept: 'application/json' },
    });
    if (typeof document.issuer !== 'string' || typeof document.jwks_uri !== 'string')
      throw failed('The provider publishes no signing keys');
    const discovery = { issuer: document.issuer, keys: createRemoteJWKSet(new URL(document.jwks_uri)), fetchedAt: Date.now() };
    this.discoveries.set(serverUrl, discovery);
    return discovery;
  }

  private async json(url: string, init: RequestInit): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw failed(`The provider did not answer: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw failed(`The provider answered ${response.status}`);
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // not JSON
    }
    throw failed('The provider answered something other than a JSON object');
  }
}
