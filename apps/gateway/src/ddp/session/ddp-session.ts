import { DDP_VERSIONS, type DdpClientMessage, type MeteorErrorJson } from '@rc/contracts';
import { frames, type EncodedFrame } from '../protocol/ddp-frames.js';
import { parseDdpMessage, unwrapSockjsFrame } from '../protocol/ddp-parser.js';
import { CloseCode, type SocketTransport } from '../server/socket-transport.js';
import { Publication } from './publication.js';
import { newSessionId } from './session-id.js';

/** The logged-in user of a session. `token` is the login token in clear (logout, removeOtherTokens, re-authentication). */
export interface SessionUser {
  userId: string;
  username: string;
  token: string;
}

/**
 * Follows sessions' logins, logouts and closes (the session registry, presence). Plain calls rather than an
 * EventEmitter per session: listeners cost every idle connection their closures and arrays.
 */
export interface SessionObserver {
  loggedIn(session: DdpSession, user: SessionUser): void;
  loggedOut(session: DdpSession, user: SessionUser): void;
  closed(session: DdpSession): void;
}

/** One observer telling each of `observers` in turn. */
export function observedBy(...observers: SessionObserver[]): SessionObserver {
  return {
    loggedIn: (session, user) => observers.forEach((observer) => observer.loggedIn(session, user)),
    loggedOut: (session, user) => observers.forEach((observer) => observer.loggedOut(session, user)),
    closed: (session) => observers.forEach((observer) => observer.closed(session)),
  };
}

/** What a session asks of the server: run a method, start a publication; and whom it tells of its logins and close. */
export interface SessionHandlers extends SessionObserver {
  /** Runs a method; resolves with its result, rejects with the error to report. */
  call(session: DdpSession, method: string, params: unknown[]): Promise<unknown>;
  /** Starts a publication; rejects with the error to send in `nosub`. */
  subscribe(publication: Publication): Promise<void>;
  /** The wire form of a method or publication failure (and a log line when it is a server fault). */
  reportError(error: unknown, what: string): MeteorErrorJson;
}

/**
 * One DDP connection: the handshake, heartbeats (the server pings a silent client and drops one that stays
 * silent), and the client's methods and subscriptions, run one at a time in arrival order as Meteor does.
 */
export class DdpSession {
  readonly id = newSessionId();
  user?: SessionUser;
  private connected = false;
  private closed = false;
  private readonly publications = new Map<string, Publication>();
  private queue: Promise<void> = Promise.resolve();
  private idleTimer?: NodeJS.Timeout;
  private deadTimer?: NodeJS.Timeout;

  constructor(
    private readonly transport: SocketTransport,
    private readonly handlers: SessionHandlers,
    private readonly heartbeatMs: number,
    readonly clientAddress: string | undefined,
    /** The upgrade request's `User-Agent`: with the address, what "this client" is for re-authentication. */
    readonly userAgent?: string,
  ) {
    transport.send(frames.serverId);
    this.renewHeartbeat();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  get sockjs(): boolean {
    return this.transport.sockjs;
  }

  /** The names of this session's live subscriptions (one entry per `sub`), for the metrics. */
  subscriptionNames(): string[] {
    return [...this.publications.values()].map((publication) => publication.name);
  }

  send(frame: EncodedFrame): void {
    if (!this.closed) this.transport.send(frame);
  }

  /** Handles one frame as received from the socket. */
  receive(text: string): void {
    if (this.closed) return;
    this.renewHeartbeat();
    if (!this.transport.sockjs) return this.handle(text);
    const messages = unwrapSockjsFrame(text);
    if (!messages) return this.send(frames.error('Parse error'));
    for (const message of messages) this.handle(message);
  }

  close(code: number = CloseCode.GoingAway, reason = 'GOING_AWAY'): void {
    this.transport.close(code, reason);
  }

  /** Called once the socket has closed: ends every publication and tells observers. */
  handleSocketClosed(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    clearTimeout(this.deadTimer);
    for (const publication of [...this.publications.values()]) publication.halt();
    this.handlers.closed(this);
  }

  login(user: SessionUser): void {
    this.user = user;
    this.handlers.loggedIn(this, user);
  }

  logout(): void {
    const user = this.user;
    this.user = undefined;
    if (user) this.handlers.loggedOut(this, user);
  }

  /** The active publications of the session named `name` (`stream-notify-user`, …). */
  publicationsNamed(name: string): Publication[] {
    return [...this.publications.values()].filter((publication) => publication.name === name);
  }

  forgetPublication(publication: Publication): void {
    if (this.publications.get(publication.id) === publication) this.publications.delete(publication.id);
  }

  private handle(text: string): void {
    const parsed = parseDdpMessage(text);
    if (!parsed.ok) return this.send(frames.error(parsed.reason, parsed.offending));
    const message = parsed.message;
    if (message.msg === 'connect') return this.handshake(message);
    if (!this.connected) return this.send(frames.error('Must connect first', message));
    switch (message.msg) {
      case 'ping':
        return this.send(frames.pong(message.id));
      case 'pong':
        return;
      case 'method':
        return this.enqueue(() => this.runMethod(message.id, message.method, message.params ?? []));
      case 'sub':
        return this.enqueue(() => this.startPublication(message.id, message.name, message.params ?? []));
      case 'unsub': {
        const publication = this.publications.get(message.id);
        if (publication) publication.stop();
        return;
      }
    }
  }

  private handshake(message: Extract<DdpClientMessage, { msg: 'connect' }>): void {
    if (this.connected) return this.send(frames.error('Already connected', message));
    if (!(DDP_VERSIONS as readonly string[]).includes(message.version)) {
      // Meteor proposes the version it prefers among those the client supports, then hangs up.
      const proposal = DDP_VERSIONS.find((v) => message.support?.includes(v)) ?? DDP_VERSIONS[0];
      this.send(frames.failed(proposal));
      return this.close(CloseCode.ProtocolError, 'UNSUPPORTED_VERSION');
    }
    this.connected = true;
    this.send(frames.connected(this.id));
  }

  private enqueue(task: () => Promise<void>): void {
    // A failed task must not stop the queue: every later message still runs.
    this.queue = this.queue.then(task).catch(() => undefined);
  }

  private async runMethod(id: string, method: string, params: unknown[]): Promise<void> {
    if (this.closed) return;
    let result: EncodedFrame;
    try {
      result = frames.result(id, await this.handlers.call(this, method, params));
    } catch (error) {
      result = frames.result(id, undefined, this.handlers.reportError(error, `method ${method}`));
    }
    if (!this.closed) this.transport.sendTogether([result, frames.updated(id)]);
  }

  private async startPublication(id: string, name: string, params: unknown[]): Promise<void> {
    if (this.closed || this.publications.has(id)) return;
    const publication = new Publication(this, id, name, params);
    this.publications.set(id, publication);
    try {
      await this.handlers.subscribe(publication);
    } catch (error) {
      publication.stop(this.handlers.reportError(error, `subscription ${name}`));
    }
  }

  /** Any frame from the client proves it alive; after a silent period the server pings, then gives up. */
  private renewHeartbeat(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.deadTimer);
    this.idleTimer = setTimeout(() => {
      this.send(frames.ping());
      this.deadTimer = setTimeout(() => this.transport.terminate(), this.heartbeatMs);
    }, this.heartbeatMs);
  }
}
