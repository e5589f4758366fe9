import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { randomId } from '../common/random-id.js';
import {
  LOGIN_SERVICE_CONFIGURATION_MODEL,
  OAUTH_PENDING_CREDENTIAL_MODEL,
  OAUTH_PENDING_STATE_MODEL,
  type ILoginServiceConfiguration,
  type IOAuthPendingCredential,
  type IOAuthPendingState,
} from './oauth.schemas.js';

/** `meteor_accounts_loginServiceConfiguration`, owned by accounts. */
@Injectable()
export class LoginServiceConfigurationsRepository {
  constructor(@InjectModel(LOGIN_SERVICE_CONFIGURATION_MODEL) private readonly configurations: Model<ILoginServiceConfiguration>) {}

  findAll(): Promise<ILoginServiceConfiguration[]> {
    return this.configurations.find().sort({ service: 1 }).lean<ILoginServiceConfiguration[]>().exec();
  }

  findByService(service: string): Promise<ILoginServiceConfiguration | null> {
    return this.configurations.findOne({ service }).lean<ILoginServiceConfiguration>().exec();
  }

  /** Rocket.Chat's `createOrUpdateService`: the service's document gets these fields (created when missing). */
  async upsert(service: string, data: Record<string, unknown>): Promise<void> {
    await this.configurations
      .updateOne({ service }, { $set: { ...data, service }, $setOnInsert: { _id: randomId() } }, { upsert: true })
      .exec();
  }

  /** Whether a document went. */
  async remove(service: string): Promise<boolean> {
    return (await this.configurations.deleteOne({ service }).exec()).deletedCount > 0;
  }
}

/** `rocketchat_oauth_pending_state` and `meteor_oauth_pendingCredentials`, owned by accounts. */
@Injectable()
export class OAuthPendingRepository {
  constructor(
    @InjectModel(OAUTH_PENDING_STATE_MODEL) private readonly states: Model<IOAuthPendingState>,
    @InjectModel(OAUTH_PENDING_CREDENTIAL_MODEL) private readonly credentials: Model<IOAuthPendingCredential>,
  ) {}

  async insertState(state: IOAuthPendingState): Promise<void> {
    await this.states.create(state);
  }

  /** Takes the state out (whoever asks second finds nothing): a state is good for one callback. */
  spendState(id: string, service: string, now: Date): Promise<IOAuthPendingState | null> {
    return this.states
      .findOneAndDelete({ _id: id, service, expireAt: { $gt: now } })
      .lean<IOAuthPendingState>()
      .exec();
  }

  async insertCredential(credential: Omit<IOAuthPendingCredential, '_id'>): Promise<void> {
    await this.credentials.create({ _id: randomId(), ...credential });
  }

  /** Takes the credential out when the secret matches and it is still fresh: a login spends it. */
  spendCredential(key: string, credentialSecretHash: string, now: Date): Promise<IOAuthPendingCredential | null> {
    return this.credentials
      .findOneAndDelete({ key, credentialSecretHash, expireAt: { $gt: now } })
      .lean<IOAuthPendingCredential>()
      .exec();
  }
}
