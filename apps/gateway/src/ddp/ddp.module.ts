import { Module } from '@nestjs/common';
import { RealtimeModule } from '@rc/realtime';
import { AccountMethods } from './methods/account.methods.js';
import { MethodRegistry } from './methods/method-registry.js';
import { PermissionCache } from './methods/permission-cache.js';
import { LocaleMethods } from './methods/locale.methods.js';
import { PresenceMethods } from './methods/presence.methods.js';
import { PresenceReporter } from './presence/presence-reporter.js';
import { DdpRateLimiter } from './rate-limit/ddp-rate-limiter.js';
import { SendManyMessagesExemption } from './rate-limit/send-many-messages.exemption.js';
import { DdpMetrics } from './server/ddp-metrics.js';
import { DdpServer } from './server/ddp-server.js';
import { SockjsInfoController } from './server/sockjs-info.controller.js';
import { RevokedSessionCloser } from './session/revoked-session-closer.js';
import { SessionRegistry } from './session/session-registry.js';
import { IntegrationHistoryStream } from './streams/integration-history.stream.js';
import { KeyedStreams } from './streams/keyed-streams.js';
import { LivechatStreams } from './streams/livechat.streams.js';
import { LoginServiceConfigurationPublication } from './streams/login-service-configuration.publication.js';
import { MembershipTracker } from './streams/membership-tracker.js';
import { NotifyRoomStream } from './streams/notify-room.stream.js';
import { NotifyUserStream } from './streams/notify-user.stream.js';
import { PublicationRegistry } from './streams/publication-registry.js';
import { RoomMessagesStream } from './streams/room-messages.stream.js';
import { StreamFanout } from './streams/stream-fanout.js';
import { StreamWriteMethods } from './streams/stream-write.methods.js';
import { UserPresenceStream } from './streams/user-presence.stream.js';
import { UsersEventFanout } from './streams/users-event-fanout.js';

/**
 * The DDP server of the gateway (Rocket.Chat's DDP streamer): sessions over `/websocket` and SockJS, the
 * hand-written methods (login, presence, stream writes; the contracts' methods come from BindingsModule, all
 * shared with REST `method.call`), the streams, the rate limiter, and presence reporting.
 * The gateway's bootstrap attaches DdpServer to the HTTP server.
 */
@Module({
  // The gateway publishes only ephemeral events (typing), which do not depend on the realtime source.
  imports: [RealtimeModule.forRoot('writer')],
  controllers: [SockjsInfoController],
  providers: [
    DdpServer,
    DdpMetrics,
    SessionRegistry,
    RevokedSessionCloser,
    DdpRateLimiter,
    MethodRegistry,
    PermissionCache,
    PublicationRegistry,
    StreamFanout,
    UsersEventFanout,
    MembershipTracker,
    PresenceReporter,
    AccountMethods,
    PresenceMethods,
    LocaleMethods,
    SendManyMessagesExemption,
    StreamWriteMethods,
    RoomMessagesStream,
    NotifyRoomStream,
    NotifyUserStream,
    KeyedStreams,
    LivechatStreams,
    IntegrationHistoryStream,
    UserPresenceStream,
    LoginServiceConfigurationPublication,
  ],
  exports: [DdpServer, MethodRegistry, StreamFanout],
})
export class DdpModule {}
