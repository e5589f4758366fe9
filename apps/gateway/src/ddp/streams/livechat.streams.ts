import { Injectable, type OnModuleInit } from '@nestjs/common';
import { authorizationCanAccessRoom, LIVECHAT_STREAMS, livechatInquiryQueueEvent, livechatRoomEvent, streamKey } from '@rc/contracts';
import { PermissionChecker } from '@rc/permissions';
import { RpcClient } from '@rc/platform';
import { encodeArgs, streamFrame } from '../protocol/ddp-frames.js';
import type { Publication } from '../session/publication.js';
import { PublicationRegistry } from './publication-registry.js';
import { eventNamed, StreamFanout } from './stream-fanout.js';
import { isRoomId, readerOf } from './stream-actor.js';
import { notAllowed, streamEventName } from './stream-params.js';
import { visitorMayRead, visitorTokenOf } from './visitor-reader.js';

/**
 * The omnichannel streams: `livechat-inquiry-queue-observer` (`public`, `department/<id>`; agents holding
 * `view-l-room`) and `stream-livechat-room` `<rid>` (the widget's agent, visitor and queue data; the room's
 * visitor by token, or a user who may access the room).
 */
@Injectable()
export class LivechatStreams implements OnModuleInit {
  constructor(
    private readonly publications: PublicationRegistry,
    private readonly fanout: StreamFanout,
    private readonly permissions: PermissionChecker,
    private readonly rpc: RpcClient,
  ) {}

  onModuleInit(): void {
    this.publications.register(LIVECHAT_STREAMS.inquiryQueue, (publication) => this.inquiryQueue(publication));
    this.publications.register(LIVECHAT_STREAMS.room, (publication) => this.room(publication));
  }

  private async inquiryQueue(publication: Publication): Promise<void> {
    const eventName = streamEventName(publication.params);
    const reader = readerOf(publication);
    if (!reader || !(await this.permissions.check(reader.userId, ['view-l-room']))) throw notAllowed();
    const stop = await this.fanout.watch(livechatInquiryQueueEvent, streamKey(eventName), (delivery) => {
      const payload = eventNamed(delivery, eventName);
      if (!payload) return;
      publication.send(delivery.frame('event', () => streamFrame(LIVECHAT_STREAMS.inquiryQueue, eventName, encodeArgs(payload.args))));
    });
    publication.onStop(stop);
    publication.ready();
  }

  private async room(publication: Publication): Promise<void> {
    const rid = streamEventName(publication.params);
    if (!isRoomId(rid)) throw notAllowed();
    const reader = readerOf(publication);
    const allowed = reader
      ? await this.rpc.request(authorizationCanAccessRoom, { userId: reader.userId, roomId: rid })
      : await visitorMayRead(this.rpc, visitorTokenOf(publication.params), rid);
    if (!allowed) throw notAllowed();
    const stop = await this.fanout.watch(livechatRoomEvent, rid, (delivery) =>
      publication.send(delivery.frame('event', () => streamFrame(LIVECHAT_STREAMS.room, rid, encodeArgs(delivery.payload.args)))),
    );
    publication.onStop(stop);
    publication.ready();
  }
}
