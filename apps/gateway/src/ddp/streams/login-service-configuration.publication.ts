import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { accountsLoginServiceConfigurations, loginServicesChangedEvent, type LoginServiceView } from '@rc/contracts';
import { EventBus, RpcClient } from '@rc/platform';
import { isDeepStrictEqual } from 'node:util';
import { frames } from '../protocol/ddp-frames.js';
import type { Publication } from '../session/publication.js';
import { PublicationRegistry } from './publication-registry.js';

export const LOGIN_SERVICE_PUBLICATION = 'meteor.loginServiceConfiguration';
export const LOGIN_SERVICE_COLLECTION = 'meteor_accounts_loginServiceConfiguration';

type Documents = Map<string, Record<string, unknown>>;

const byId = (list: LoginServiceView[]): Documents => new Map(list.map(({ _id, ...fields }) => [_id, fields]));

/**
 * Meteor's `meteor.loginServiceConfiguration` (no login needed; the web client draws its login buttons from
 * it): the enabled login services without their secrets, as `added` to `meteor_accounts_loginServiceConfiguration`,
 * kept live: when accounts announces a change, every subscriber gets the difference (added / changed / removed).
 */
@Injectable()
export class LoginServiceConfigurationPublication implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LoginServiceConfigurationPublication.name);
  private readonly subscribers = new Map<Publication, Documents>();
  private unsubscribe?: () => void;

  constructor(
    private readonly publications: PublicationRegistry,
    private readonly rpc: RpcClient,
    private readonly events: EventBus,
  ) {}

  onModuleInit(): void {
    this.publications.register(LOGIN_SERVICE_PUBLICATION, (publication) => this.start(publication));
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.events.subscribe(loginServicesChangedEvent, '*', () => {
      if (this.subscribers.size)
        void this.refresh().catch((error: unknown) => this.logger.warn(`login services refresh: ${String(error)}`));
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  private async start(publication: Publication): Promise<void> {
    const documents = byId((await this.rpc.request(accountsLoginServiceConfigurations, {})).configurations);
    if (!publication.active) return;
    for (const [id, fields] of documents) publication.send(frames.added(LOGIN_SERVICE_COLLECTION, id, fields));
    this.subscribers.set(publication, documents);
    publication.onStop(() => this.subscribers.delete(publication));
    publication.ready();
  }

  private async refresh(): Promise<void> {
    const next = byId((await this.rpc.request(accountsLoginServiceConfigurations, {})).configurations);
    for (const [publication, sent] of this.subscribers) {
      for (const [id, fields] of next) {
        const before = sent.get(id);
        if (!before) publication.send(frames.added(LOGIN_SERVICE_COLLECTION, id, fields));
        else if (!isDeepStrictEqual(before, fields)) {
          const changed = Object.fromEntries(Object.entries(fields).filter(([key, value]) => !isDeepStrictEqual(before[key], value)));
          const cleared = Object.keys(before).filter((key) => !(key in fields));
          publication.send(frames.changed(LOGIN_SERVICE_COLLECTION, id, changed, cleared));
        }
      }
      for (const id of sent.keys()) if (!next.has(id)) publication.send(frames.removed(LOGIN_SERVICE_COLLECTION, id));
      this.subscribers.set(publication, next);
    }
  }
}
