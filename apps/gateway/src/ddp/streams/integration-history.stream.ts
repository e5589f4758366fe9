import { Injectable, type OnModuleInit } from '@nestjs/common';
import { integrationHistoryEvent } from '@rc/contracts';
import { PermissionChecker } from '@rc/permissions';
import { encodeArgs, streamFrame } from '../protocol/ddp-frames.js';
import type { Publication } from '../session/publication.js';
import { PublicationRegistry } from './publication-registry.js';
import { StreamFanout } from './stream-fanout.js';
import { isRoomId, readerOf } from './stream-actor.js';
import { notAllowed, streamEventName } from './stream-params.js';

export const INTEGRATION_HISTORY_STREAM = 'stream-integrationHistory';

/**
 * Rocket.Chat's `integrationHistory` stream, which the administration's outgoing-webhook history page follows:
 * `sub('stream-integrationHistory', integrationId)`, then `{type: 'inserted' | 'updated' | 'removed', id, …}` as
 * calls are made. Readers hold `manage-outgoing-integrations` (every integration) or
 * `manage-own-outgoing-integrations` (events of integrations they created).
 */
@Injectable()
export class IntegrationHistoryStream implements OnModuleInit {
  constructor(
    private readonly publications: PublicationRegistry,
    private readonly fanout: StreamFanout,
    private readonly permissions: PermissionChecker,
  ) {}

  onModuleInit(): void {
    this.publications.register(INTEGRATION_HISTORY_STREAM, (publication) => this.start(publication));
  }

  private async start(publication: Publication): Promise<void> {
    const integrationId = streamEventName(publication.params);
    const reader = readerOf(publication);
    if (!reader || !isRoomId(integrationId)) throw notAllowed();
    const all = await this.permissions.check(reader.userId, ['manage-outgoing-integrations'], 'any');
    if (!all && !(await this.permissions.check(reader.userId, ['manage-own-outgoing-integrations'], 'any'))) throw notAllowed();
    const stop = await this.fanout.watch(integrationHistoryEvent, integrationId, (delivery) => {
      const { createdBy, change } = delivery.payload;
      if (!all && createdBy !== reader.userId) return;
      publication.send(delivery.frame('event', () => streamFrame(INTEGRATION_HISTORY_STREAM, integrationId, encodeArgs([change]))));
    });
    publication.onStop(stop);
    publication.ready();
  }
}
