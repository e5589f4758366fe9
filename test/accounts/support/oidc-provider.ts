import { freePort } from '@rc/local-stack';
import { exportJWK, generateKeyPair } from 'jose';
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';

/**
 * The people the test identity provider knows (any password; oidc-provider's development login form). `roles` and
 * `groups` are read at each login (a test may change them between logins).
 */
export const ACCOUNTS: Record<string, { email: string; name: string; preferred_username: string; roles?: string[]; groups?: string[] }> = {
  ada: { email: 'ada@idp.test', name: 'Ada Lovelace', preferred_username: 'ada.lovelace' },
  grace: { email: 'grace@idp.test', name: 'Grace Hopper', preferred_username: 'grace' },
  mallory: { email: 'mallory@idp.test', name: 'Mallory', preferred_username: 'mallory' },
  linus: { email: 'linus@idp.test', name: 'Linus Corp', preferred_username: 'linus', roles: [], groups: [] },
};

export interface TestIdp {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (`oidc-provider`) on a free port: one confidential client for our server
 * (its secret sent in the body, as Rocket.Chat's `token_sent_via: payload`), PKCE required, its own RS256 key.
 */
export async function startIdp(redirectUris: string[]): Promise<TestIdp> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'idp-key', alg: 'RS256', use: 'sig' };
  const clientId = 'rocket-nest';
  const clientSecret = 'a-client-secret-of-enough-length-0123456789';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username', 'roles', 'groups'] },
    findAccount: (_ctx, sub) => {
      const account = ACCOUNTS[sub];
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...ACCOUNTS[sub], email_verified: true }) };
    },
  });
  const handle = provider.callback();
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A token endpoint in the middle: it forwards the code exchange to the real provider and hands back its
 * answer with the id token re-signed by a key the provider never published (same claims, same `kid`).
 */
export async function startForgingTokenProxy(issuer: string): Promise<{ url: string; close(): Promise<void> }> {
  const { SignJWT, decodeJwt, decodeProtectedHeader } = await import('jose');
  const { privateKey } = await generateKeyPair('RS256');
  const port = await freePort();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const answer = await fetch(`${issuer}/token`, {
          method: 'POST',
          headers: { 'content-type': String(req.headers['content-type']), accept: 'application/json' },
          body: Buffer.concat(chunks),
        });
        const body = (await answer.json()) as Record<string, unknown>;
        if (typeof body.id_token === 'string') {
          const header = decodeProtectedHeader(body.id_token);
          body.id_token = await new SignJWT(decodeJwt(body.id_token))
            .setProtectedHeader({ alg: 'RS256', kid: header.kid })
            .sign(privateKey);
        }
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      })().catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/token`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A browser without a browser: follows redirects itself with a cookie jar, and submits the provider's
 * login and consent forms, until the provider sends it to a URL starting with `stopAt` (returned, not opened).
 */
export async function browseToCallback(startUrl: string, login: string, stopAt: string): Promise<string> {
  const cookies = new Map<string, string>();
  let url = startUrl;
  let method = 'GET';
  let body: string | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(stopAt)) return url;
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(body && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).toString();
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form at ${url}: ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).toString();
    method = 'POST';
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt }).toString();
  }
  throw new Error('too many steps before the callback');
}
