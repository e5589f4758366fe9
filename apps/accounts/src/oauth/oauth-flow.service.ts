import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, roomsJoinDefaultRooms, type IUser, type OAuthCompletion } from '@rc/contracts';
import { isDuplicateKeyError, OAuthPendingRepository, UsersRepository, type ILoginServiceConfiguration } from '@rc/models';
import { newUserDocument } from '../users/new-user-document.js';
import { InjectConfig, RpcClient } from '@rc/platform';
import { createHash, randomBytes } from 'node:crypto';
import type { AccountsConfig } from '../accounts.env.js';
import { hashCredentialSecret } from '../auth/oauth-login.strategy.js';
import { LoginServiceConfigurations } from './login-service-configurations.js';
import { OAuthClaimsSync } from './oauth-claims-sync.js';
import { mapIdentity, parseClientState, usernameCandidate, type MappedIdentity } from './oauth-identity.js';
import { endpoint, OAuthProviderClient, textOf } from './oauth-provider-client.js';

/** How long a browser may take at the provider (state kept), and the client to log in after (credential kept). */
const STATE_LIFETIME_MS = 10 * 60_000;
export const CREDENTIAL_LIFETIME_MS = 5 * 60_000;

const secret = () => randomBytes(32).toString('base64url');
const notConfigured = () => new DomainError(ErrorCode.OAuthServiceNotConfigured, 'Service not configured');

/**
 * The authorisation-code flow of a custom OAuth service, for Rocket.Chat's unmodified client: the client
 * opens `/_oauth/<service>/authorize` with Meteor's state (the published `authorizePath`); this server keeps
 * that state and a PKCE verifier under a fresh random `state` and sends the browser to the provider; the
 * provider's redirect to `/_oauth/<service>` spends the state (unknown, expired or replayed: refused),
 * exchanges the code with the verifier, checks the identity, creates or updates the user and leaves a
 * credential (token + secret, the secret stored hashed) that the client's `login` with `{oauth}` spends.
 */
@Injectable()
export class OAuthFlowService {
  private readonly logger = new Logger(OAuthFlowService.name);

  constructor(
    private readonly configurations: LoginServiceConfigurations,
    private readonly pending: OAuthPendingRepository,
    private readonly provider: OAuthProviderClient,
    private readonly users: UsersRepository,
    private readonly rpc: RpcClient,
    private readonly claimsSync: OAuthClaimsSync,
    @InjectConfig() private readonly config: AccountsConfig,
  ) {}

  redirectUri(service: string): string {
    return `${this.configurations.siteUrl()}/_oauth/${service}`;
  }

  async authorize(service: string, clientState: string): Promise<{ location: string }> {
    const configuration = await this.configured(service);
    const client = parseClientState(clientState, this.configurations.siteUrl());
    const state = secret();
    const codeVerifier = secret();
    const now = new Date();
    await this.pending.insertState({
      _id: state,
      service,
      codeVerifier,
      ...client,
      createdAt: now,
      expireAt: new Date(now.getTime() + STATE_LIFETIME_MS),
    });
    const url = new URL(endpoint(configuration, 'authorizePath'));
    url.searchParams.set('client_id', textOf(configuration, 'clientId'));
    url.searchParams.set('redirect_uri', this.redirectUri(service));
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', textOf(configuration, 'scope') || 'openid');
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', createHash('sha256').update(codeVerifier).digest('base64url'));
    url.searchParams.set('code_challenge_method', 'S256');
    return { location: url.toString() };
  }

  async callback(request: { service: string; code?: string; state?: string; error?: string }): Promise<OAuthCompletion> {
    const { service } = request;
    const pending = request.state ? await this.pending.spendState(request.state, service, new Date()) : null;
    if (!pending) throw new DomainError(ErrorCode.OAuthInvalidState, 'Invalid OAuth state');
    if (request.error || !request.code) throw new DomainError(ErrorCode.OAuthFailed, `The provider refused: ${request.error ?? 'no code'}`);
    const configuration = await this.configured(service);

    const tokens = await this.provider.exchangeCode(configuration, request.code, this.redirectUri(service), pending.codeVerifier);
    const claims = tokens.idToken ? await this.provider.verifyIdToken(configuration, tokens.idToken) : {};
    const userinfo = configuration.identityPath ? await this.provider.identity(configuration, tokens.accessToken) : {};
    if (claims.sub !== undefined && userinfo.sub !== undefined && claims.sub !== userinfo.sub) {
      throw new DomainError(ErrorCode.OAuthFailed, 'The id token and the identity are not the same user');
    }
    const identityClaims = { ...claims, ...userinfo };
    const identity = mapIdentity(identityClaims, {
      usernameField: textOf(configuration, 'usernameField'),
      emailField: textOf(configuration, 'emailField'),
      nameField: textOf(configuration, 'nameField'),
    });
    const user = await this.userFor(service, configuration, identity);
    await this.claimsSync.apply(configuration, user, identityClaims);

    const credentialSecret = secret();
    const now = new Date();
    try {
      await this.pending.insertCredential({
        key: pending.credentialToken,
        credentialSecretHash: hashCredentialSecret(credentialSecret),
        service,
        userId: user._id,
        createdAt: now,
        expireAt: new Date(now.getTime() + CREDENTIAL_LIFETIME_MS),
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DomainError(ErrorCode.OAuthInvalidState, 'Invalid OAuth state');
      throw error;
    }
    return {
      loginStyle: pending.loginStyle,
      credentialToken: pending.credentialToken,
      credentialSecret,
      ...(pending.redirectUrl && { redirectUrl: pending.redirectUrl }),
      ...(pending.isCordova && { isCordova: true }),
    };
  }

  private async configured(service: string): Promise<ILoginServiceConfiguration> {
    const configuration = await this.configurations.find(service);
    if (!configuration?.custom || !configuration.clientId) throw notConfigured();
    return configuration;
  }

  /**
   * The user the provider's id is linked to (its `services.<service>` refreshed); else, with `merge_users`,
   * the existing user with that username or verified e-mail (per `key_field`), linked now; else a new user.
   */
  private async userFor(service: string, configuration: ILoginServiceConfiguration, identity: MappedIdentity): Promise<IUser> {
    const data = {
      id: identity.id,
      ...(identity.username && { username: identity.username }),
      ...(identity.email && { email: identity.email }),
      ...(identity.name && { name: identity.name }),
    };
    const linked = await this.users.findByServiceId(service, identity.id);
    const merged =
      linked ??
      (configuration.mergeUsers === true
        ? configuration.keyField === 'email'
          ? identity.email && identity.emailVerified
            ? await this.users.findByEmail(identity.email.toLowerCase())
            : null
          : identity.username
            ? await this.users.findByUsername(identity.username)
            : null
        : null);
    if (merged) {
      await this.users.setServiceData(merged._id, service, data);
      return merged;
    }
    return this.create(service, identity, data);
  }

  private async create(service: string, identity: MappedIdentity, data: Record<string, unknown>): Promise<IUser> {
    const email = identity.email?.toLowerCase();
    if (email && (await this.users.findByEmail(email))) {
      throw new DomainError(ErrorCode.UsernameTaken, `Email already exists: ${email}`);
    }
    const base = usernameCandidate(identity) || `${service}.user`;
    for (let attempt = 0; attempt < 20; attempt++) {
      const username = attempt === 0 ? base : `${base}.${attempt}`;
      if (await this.users.findByUsername(username)) continue;
      try {
        const created = await this.users.insert(
          newUserDocument({
            username,
            ...(identity.name && { name: identity.name }),
            ...(email && { emails: [{ address: email, verified: identity.emailVerified }] }),
            roles: ['user'],
            services: { [service]: data },
          }),
        );
        await this.joinDefaultRooms(created._id);
        return created;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new DomainError(ErrorCode.UsernameTaken, `No free username for ${base}`);
  }

  private async joinDefaultRooms(userId: string): Promise<void> {
    try {
      await this.rpc.request(roomsJoinDefaultRooms, { userId }, { timeoutMs: this.config.CORE_CALL_TIMEOUT_MS });
    } catch (error) {
      this.logger.warn(`user ${userId} was created without joining the default rooms: ${String(error)}`);
    }
  }
}
