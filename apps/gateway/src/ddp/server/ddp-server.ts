import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectConfig } from '@rc/platform';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { DdpConfig } from '../ddp.env.js';
import { MethodRegistry } from '../methods/method-registry.js';
import { PresenceReporter } from '../presence/presence-reporter.js';
import { DdpSession, observedBy, type SessionHandlers, type SessionUser } from '../session/ddp-session.js';
import type { Publication } from '../session/publication.js';
import { SessionRegistry } from '../session/session-registry.js';
import { PublicationRegistry } from '../streams/publication-registry.js';
import { clientAddressOf } from './client-address.js';
import { ddpTransportOf } from './ddp-paths.js';
import { CloseCode, SocketTransport } from './socket-transport.js';

/**
 * The DDP endpoint of the gateway: takes websocket upgrades on the DDP paths of the HTTP server, and runs a
 * DdpSession per socket against the method and publication registries.
 */
@Injectable()
export class DdpServer implements SessionHandlers, BeforeApplicationShutdown {
  private wss?: WebSocketServer;
  private readonly observers;

  constructor(
    @InjectConfig() private readonly config: DdpConfig,
    private readonly methods: MethodRegistry,
    private readonly publications: PublicationRegistry,
    private readonly sessions: SessionRegistry,
    private readonly presence: PresenceReporter,
  ) {
    this.observers = observedBy(sessions, presence);
  }

  /** Serves DDP on `server` (called by the gateway's bootstrap, before it listens). */
  attach(server: Server): void {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.config.DDP_MAX_FRAME_BYTES, perMessageDeflate: false });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const transport = ddpTransportOf(request.url);
      if (!transport || !this.wss) {
        socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request, transport === 'sockjs'));
    });
  }

  call(session: DdpSession, method: string, params: unknown[]): Promise<unknown> {
    return this.methods.invoke(
      {
        userId: session.user?.userId,
        username: session.user?.username,
        connectionId: session.id,
        clientAddress: session.clientAddress,
        ...(session.userAgent !== undefined && { userAgent: session.userAgent }),
        session,
      },
      method,
      params,
    );
  }

  subscribe(publication: Publication): Promise<void> {
    return this.publications.start(publication);
  }

  reportError(error: unknown, what: string) {
    return this.methods.report(error, what);
  }

  loggedIn(session: DdpSession, user: SessionUser): void {
    this.observers.loggedIn(session, user);
  }

  loggedOut(session: DdpSession, user: SessionUser): void {
    this.observers.loggedOut(session, user);
  }

  closed(session: DdpSession): void {
    this.observers.closed(session);
  }

  /** Sockets close with "going away": clients reconnect to another instance. Presence is told once, first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.presence.goodbye();
    for (const session of this.sessions.all()) session.close(CloseCode.GoingAway, 'GOING_AWAY');
    this.wss?.close();
  }

  private accept(ws: WebSocket, request: IncomingMessage, sockjs: boolean): void {
    const transport = new SocketTransport(ws, sockjs, this.config.DDP_MAX_BUFFERED_BYTES);
    const session = new DdpSession(
      transport,
      this,
      this.config.DDP_HEARTBEAT_MS,
      clientAddressOf(request, this.config.HTTP_FORWARDED_COUNT),
      request.headers['user-agent'],
    );
    this.sessions.add(session);
    (ws as SessionSocket)[SESSION] = session;
    ws.on('message', onMessage);
    ws.on('close', onClose);
    // Oversized frames and protocol violations: ws closes the socket itself (1009, 1002); nothing to crash.
    ws.on('error', onError);
  }
}

// One set of socket listeners for every connection (`this` is the socket), not three closures per socket:
// an idle connection's memory is mostly such per-socket objects.
const SESSION = Symbol('ddp-session');
type SessionSocket = WebSocket & { [SESSION]: DdpSession };
const sessionOf = (socket: WebSocket) => (socket as SessionSocket)[SESSION];
const socketLogger = new Logger('DDP');

function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  if (isBinary) return sessionOf(this).close(CloseCode.UnsupportedData, 'UNSUPPORTED_DATA');
  // A Buffer: ws's default binaryType is 'nodebuffer'.
  sessionOf(this).receive((data as Buffer).toString());
}

function onClose(this: WebSocket): void {
  sessionOf(this).handleSocketClosed();
}

function onError(this: WebSocket, error: Error): void {
  socketLogger.debug(`socket ${sessionOf(this).id}: ${error.message}`);
}
