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

/** A report presence did not take (it was down, or did not answer in time), to be sent again. */
interface PendingReport {
  kind: 'connected' | 'disconnected';
  userId: string;
  session: DdpSession;
}

/**
 * Tells the presence service about this instance's logged-in connections: each login, logout and close,
 * a heartbeat every GATEWAY_HEARTBEAT_MS (an instance that stops sending them is presumed dead and its
 * connections removed), and a goodbye on shutdown, so that its users go offline at once. A report that
 * fails is sent again with the next heartbeat, so that nobody stays online (or offline) by accident.
 */
@Injectable()
export class PresenceReporter implements OnApplicationBootstrap {
  private readonly logger = new Logger(PresenceReporter.name);
  private readonly pending = new Map<string, PendingReport>();
  /** The last report made about each session: an older one that failed is not worth sending again. */
  private readonly latest = new WeakMap<DdpSession, PendingReport>();
  private timer?: NodeJS.Timeout;
  private shuttingDown = false;

  constructor(
    private readonly rpc: RpcClient,
    private readonly sessions: SessionRegistry,
    @InjectConfig() private readonly config: DdpConfig,
  ) {}

  /** Follows a new session's logins and logouts. */
  track(session: DdpSession): void {
    session.on('login', (user) => this.report({ kind: 'connected', userId: user.userId, session }));
    session.on('logout', (user) => this.report({ kind: 'disconnected', userId: user.userId, session }));
    session.once('close', () => {
      if (session.user && !this.shuttingDown) this.report({ kind: 'disconnected', userId: session.user.userId, session });
    });
  }

  /**
   * Before the first socket: connections recorded under this instance id by an earlier process (a restart
   * that kept its id) are not ours, so they go.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.rpc
      .request(presenceInstanceGone, { instanceId: this.config.INSTANCE_ID })
      .catch((error: unknown) => this.logger.warn(`presence not reachable at start-up: ${String(error)}`));
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

  private report(report: PendingReport): void {
    // The latest word about a connection replaces any report of it still waiting.
    this.latest.set(report.session, report);
    this.pending.delete(report.session.id);
    void this.send(report).then((sent) => {
      if (!sent && this.latest.get(report.session) === report) this.pending.set(report.session.id, report);
    });
  }

  private async send({ kind, userId, session }: PendingReport): Promise<boolean> {
    try {
      if (kind === 'connected') {
        await this.rpc.request(presenceNewConnection, { userId, connectionId: session.id, instanceId: this.config.INSTANCE_ID });
      } else {
        await this.rpc.request(presenceRemoveConnection, { userId, connectionId: session.id });
      }
      return true;
    } catch (error) {
      this.logger.warn(`presence: ${kind} of connection ${session.id} not recorded, will retry: ${String(error)}`);
      return false;
    }
  }

  /** A connection report that failed, if it still holds (the session is still logged in as that user). */
  private stillTrue({ kind, userId, session }: PendingReport): boolean {
    const current = session.isOpen && session.user?.userId === userId;
    return kind === 'connected' ? current : !current;
  }

  private async heartbeat(): Promise<void> {
    if (this.shuttingDown) return;
    try {
      const { known } = await this.rpc.request(presenceInstanceHeartbeat, {
        instanceId: this.config.INSTANCE_ID,
        connections: this.sessions.size,
      });
      if (!known) {
        // Presence lost track of this instance (it was presumed dead): register its connections again.
        this.pending.clear();
        for (const session of this.sessions.all()) {
          if (session.user) this.report({ kind: 'connected', userId: session.user.userId, session });
        }
        return;
      }
      for (const [sessionId, report] of [...this.pending]) {
        this.pending.delete(sessionId);
        if (this.stillTrue(report)) this.report(report);
      }
    } catch (error) {
      this.logger.warn(`presence heartbeat failed: ${String(error)}`);
    }
  }
}
