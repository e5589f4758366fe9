import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type IUser, type LoginRequest } from '@rc/contracts';
import { OAuthPendingRepository, UsersRepository } from '@rc/models';
import { createHash } from 'node:crypto';

/** How a credential secret is stored (SHA-256, base64): the secret itself only reaches the client. */
export const hashCredentialSecret = (value: string) => createHash('sha256').update(value).digest('base64');

type OAuthLogin = Extract<LoginRequest, { kind: 'oauth' }>;

/**
 * Meteor's OAuth login handler (`login` with `{oauth: {credentialToken, credentialSecret}}`): the credential
 * the provider's redirect left (`meteor_oauth_pendingCredentials`) is spent once, with its secret, while fresh.
 */
@Injectable()
export class OAuthLoginStrategy {
  constructor(
    private readonly pending: OAuthPendingRepository,
    private readonly users: UsersRepository,
  ) {}

  async userFor(request: OAuthLogin): Promise<{ user: IUser; service: string }> {
    const credential = await this.pending.spendCredential(
      request.credentialToken,
      hashCredentialSecret(request.credentialSecret),
      new Date(),
    );
    const user = credential && (await this.users.findById(credential.userId));
    if (!credential || !user) throw new DomainError(ErrorCode.LoginFailed, 'No matching login attempt found');
    return { user, service: credential.service };
  }
}
