import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { MAX_CONNECTION_CHANGES, presenceConnectionsChanged, presenceInstanceGone, presenceInstanceHeartbeat } from '@rc/contracts';
import { InjectConfig, RpcClient } from '@rc/platform';
import { randomUUID } from 'node:crypto';
import type { DdpConfig } from '../ddp.env.js';
import type { DdpSession, SessionObserver, SessionUser } from '../session/ddp-session.js';
import { SessionRegistry } from '../session/session-registry.js';
import { ConnectionChanges, type ConnectionChangesBatch } from './connection-changes.js';

/**
 * Tells the presence service about this instance's logged-in connections. Logins, logouts and closes are
 * gathered for PRESENCE_REPORT_WINDOW_MS and sent as one `presence.connectionsChanged` request, one request
 * at a time and in order, so that a reconnect wave costs presence a few bulk writes instead of a request per
 * socket. Also a heartbeat every GATEWAY_HEARTBEAT_MS (an instance that stops sending them is presumed dead
 * and its connections removed), and a goodbye on shutdown, so that its users go offline at once.
 * A batch that fails is sent again once the next heartbeat is answered, so that nobody stays online (or
 * offline) by accident, and a presence service that is down is not asked again every window.
 */
@Injectable()
export class PresenceReporter implements OnApplicationBootstrap, SessionObserver {
  private readonly logger = new Logger(PresenceReporter.name);
  private readonly changes = new ConnectionChanges();
  /** This process's batches, numbered: presence ignores a batch older than one it applied. */
  private readonly epoch = randomUUID();
  private sequence = 0;
  private flushTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  /** The batch in flight: the next one waits for its answer. */
  private flushing?: Promise<void>;
  /** A batch failed: nothing more is sent until a heartbeat is answered. */
  private paused = false;
  private shuttingDown = false;

  constructor(
    private readonly rpc: RpcClient,
    private readonly sessions: SessionRegistry,
    @InjectConfig() private readonly config: DdpConfig,
  ) {}

  loggedIn(session: DdpSession, user: SessionUser): void {
    this.changed(() => this.changes.login(session.id, user.userId));
  }

  loggedOut(session: DdpSession): void {
    this.changed(() => this.changes.logout(session.id));
  }

  closed(session: DdpSession): void {
    this.loggedOut(session);
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
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.config.GATEWAY_HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  /**
   * On shutdown, before the sockets close: one goodbye for all connections, not one removal per socket. A
   * batch in flight is answered first, so that it cannot land after the goodbye.
   */
  async goodbye(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.flushTimer);
    await this.flushing;
    await this.rpc
      .request(presenceInstanceGone, { instanceId: this.config.INSTANCE_ID })
      .catch((error: unknown) => this.logger.warn(`presence goodbye failed: ${String(error)}`));
  }

  private changed(record: () => void): void {
    if (this.shuttingDown) return;
    record();
    this.schedule(this.config.PRESENCE_REPORT_WINDOW_MS);
  }

  /**
   * Sends what is pending now rather than at the end of its window (after a batch in flight): a user who sets a
   * status right after logging in must find their connection known to presence, or the status is computed as offline.
   */
  async settle(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.paused || this.shuttingDown || !this.changes.pending) return;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.send();
  }

  /** Sends the changes after `delayMs`, unless a batch is already due, in flight, or on hold. */
  private schedule(delayMs: number): void {
    if (this.flushTimer || this.flushing || this.paused || this.shuttingDown || !this.changes.pending) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.send();
    }, delayMs);
  }

  /** One batch now; then the next, at once if this one was full, else after its window. */
  private send(): Promise<void> {
    this.flushing = this.flush().then((full) => {
      this.flushing = undefined;
      // A full batch left changes behind: they go at once; newer ones wait for their window.
      this.schedule(full ? 0 : this.config.PRESENCE_REPORT_WINDOW_MS);
    });
    return this.flushing;
  }

  /**
   * One batch: what changed since the last one, at most MAX_CONNECTION_CHANGES. True when it was full
   * (more may be waiting). Never rejects.
   */
  private async flush(): Promise<boolean> {
    const batch = this.changes.take(MAX_CONNECTION_CHANGES);
    const size = batch.added.length + batch.removed.length;
    if (!size) return false;
    try {
      const { known } = await this.rpc.request(presenceConnectionsChanged, {
        instanceId: this.config.INSTANCE_ID,
        batch: { epoch: this.epoch, sequence: ++this.sequence },
        ...batch,
      });
      // Presence had lost track of this instance (presumed dead): the connections it dropped come back.
      if (!known) this.changes.reportAllAgain();
    } catch (error) {
      this.changes.failed(batch);
      this.paused = true;
      this.logger.warn(`presence: ${describe(batch)} not recorded, will retry after the next heartbeat: ${String(error)}`);
    }
    return size >= MAX_CONNECTION_CHANGES;
  }

  private async heartbeat(): Promise<void> {
    if (this.shuttingDown) return;
    try {
      const { known } = await this.rpc.request(presenceInstanceHeartbeat, {
        instanceId: this.config.INSTANCE_ID,
        connections: this.sessions.size,
      });
      // Presence lost track of this instance (it was presumed dead): its connections are registered again.
      if (!known) this.changes.reportAllAgain();
      this.paused = false;
      this.schedule(0);
    } catch (error) {
      this.logger.warn(`presence heartbeat failed: ${String(error)}`);
    }
  }
}

const describe = ({ added, removed }: ConnectionChangesBatch) => `${added.length} connection(s) added and ${removed.length} removed`;
