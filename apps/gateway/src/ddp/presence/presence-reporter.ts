import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  presenceInstanceGone,
  presenceInstanceHeartbeat,
  presenceNewConnection,
  presenceRemoveConnection,
} from '@rc/contracts';
import { InjectConfig, RpcClient } from '@rc/platform';
import type { DdpConfig } from '../ddp.env.js';
import type { DdpSession } from '../session/ddp-session.js';
import { SessionRegistry } from '../session/session-registry.js';

/**
 * Tells the presence service about this instance's logged-in connections: each login, logout and close,
 * a heartbeat every GATEWAY_HEARTBEAT_MS (an instance that stops sending them is presumed dead and its
 * connections removed), and a goodbye on shutdown, so that its users go offline at once.
 */
@Injectable()
export class PresenceReporter implements OnApplicationBootstrap {
  private readonly logger = new Logger(PresenceReporter.name);
  private timer?: NodeJS.Timeout;
  private shuttingDown = false;

  constructor(
    private readonly rpc: RpcClient,
    private readonly sessions: SessionRegistry,
    @InjectConfig() private readonly config: DdpConfig,
  ) {}

  /** Follows a new session's logins and logouts. */
  track(session: DdpSession): void {
    session.on('login', (user) => this.connected(user.userId, session.id));
    session.on('logout', (user) => this.disconnected(user.userId, session.id));
    session.once('close', () => {
      if (session.user && !this.shuttingDown) this.disconnected(session.user.userId, session.id);
    });
  }

  onApplicationBootstrap(): void {
    void this.heartbeat();
    this.timer = setInterval(() => void this.heartbeat(), this.config.GATEWAY_HEARTBEAT_MS);
    this.timer.unref();
  }

  /** On shutdown, before the sockets close: one goodbye for all connections, not one removal per socket. */
  async goodbye(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.timer);
    await this.rpc
      .request(presenceInstanceGone, { instanceId: this.config.INSTANCE_ID })
      .catch((error: unknown) => this.logger.warn(`presence goodbye failed: ${String(error)}`));
  }

  private connected(userId: string, connectionId: string): void {
    this.rpc
      .request(presenceNewConnection, { userId, connectionId, instanceId: this.config.INSTANCE_ID })
      .catch((error: unknown) => this.logger.warn(`presence: connection ${connectionId} not recorded: ${String(error)}`));
  }

  private disconnected(userId: string, connectionId: string): void {
    this.rpc
      .request(presenceRemoveConnection, { userId, connectionId })
      .catch((error: unknown) => this.logger.warn(`presence: connection ${connectionId} not removed: ${String(error)}`));
  }

  private async heartbeat(): Promise<void> {
    if (this.shuttingDown) return;
    try {
      const { known } = await this.rpc.request(presenceInstanceHeartbeat, {
        instanceId: this.config.INSTANCE_ID,
        connections: this.sessions.size,
      });
      if (known) return;
      // Presence lost track of this instance (it was presumed dead): register its connections again.
      for (const session of this.sessions.all()) if (session.user) this.connected(session.user.userId, session.id);
    } catch (error) {
      this.logger.warn(`presence heartbeat failed: ${String(error)}`);
    }
  }
}
