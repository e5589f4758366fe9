import { createHash } from 'node:crypto';
import type { DdpLoginResult, MeteorErrorJson } from '@rc/contracts';
import EJSON from 'ejson';
import WebSocket from 'ws';

/** A server frame as received (EJSON-decoded). */
export type Frame = Record<string, any>;

/** A method or subscription refused by the server, with its Meteor.Error. */
export class DdpError extends Error {
  constructor(readonly error: MeteorErrorJson) {
    super(`${String(error.error)}: ${error.reason ?? error.message}`);
  }
}

/** A stream push: `changed` on `stream-…` with `fields: {eventName, args}`. */
export interface StreamPush {
  collection: string;
  id: string;
  eventName: string;
  args: any[];
  fields: Record<string, any>;
}

export interface DdpClientOptions {
  /** Speak through SockJS framing (`/sockjs/<server>/<session>/websocket`) instead of plain `/websocket`. */
  sockjs?: boolean;
  /** Answer the server's pings (a dead client does not). */
  answerPings?: boolean;
  timeoutMs?: number;
  /** Sees every frame as it arrives (a listener that timestamps deliveries). */
  onFrame?: (frame: Frame) => void;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * A small DDP client for the end-to-end tests: speaks the protocol frame by frame, records everything it
 * receives, and offers waits on what the tests expect (results, readiness, stream pushes).
 */
export class DdpClient {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  session?: string;
  userId?: string;
  token?: string;
  private nextId = 0;
  private readonly waiters = new Set<{ test: (frame: Frame) => boolean; resolve: (frame: Frame) => void }>();

  private constructor(
    private readonly socket: WebSocket,
    readonly sockjs: boolean,
    private readonly options: DdpClientOptions,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    // A Buffer: ws's default binaryType is 'nodebuffer'.
    socket.on('message', (data) => this.receive((data as Buffer).toString()));
  }

  /** Opens a socket to the gateway at `baseUrl` (http://host:port) and completes the DDP handshake. */
  static async connect(baseUrl: string, options: DdpClientOptions = {}): Promise<DdpClient> {
    const client = await DdpClient.open(baseUrl, options);
    client.send({ msg: 'connect', version: '1', support: ['1', 'pre2', 'pre1'] });
    const connected = await client.waitFor((f) => f.msg === 'connected' || f.msg === 'failed');
    if (connected.msg !== 'connected') throw new Error(`DDP connect failed: ${JSON.stringify(connected)}`);
    client.session = connected.session;
    return client;
  }

  /** Opens the socket without the DDP handshake (protocol tests). */
  static async open(baseUrl: string, options: DdpClientOptions = {}): Promise<DdpClient> {
    const ws = baseUrl.replace(/^http/, 'ws');
    const path = options.sockjs
      ? `/sockjs/${Math.floor(Math.random() * 1000)}/${Math.random().toString(36).slice(2, 10)}/websocket`
      : '/websocket';
    const socket = new WebSocket(`${ws}${path}`, { perMessageDeflate: false });
    // Listening before the socket opens: the server speaks first (server_id).
    const client = new DdpClient(socket, options.sockjs ?? false, { answerPings: true, ...options });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return client;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends a DDP message (EJSON-encoded, framed for SockJS when needed). */
  send(message: object): void {
    this.sendRaw(EJSON.stringify(message));
  }

  /** Sends text as is (SockJS framing added when needed): malformed-frame tests. */
  sendRaw(text: string): void {
    this.socket.send(this.sockjs ? JSON.stringify([text]) : text);
  }

  /** Sends text without any framing at all. */
  sendUnframed(text: string | Buffer): void {
    this.socket.send(text);
  }

  async call<T = any>(method: string, ...params: unknown[]): Promise<T> {
    const id = String(++this.nextId);
    const result = this.waitFor((f) => f.msg === 'result' && f.id === id);
    this.send({ msg: 'method', id, method, params });
    const frame = await result;
    if (frame.error) throw new DdpError(frame.error);
    return frame.result as T;
  }

  /** Subscribes; resolves with the subscription id once `ready`, rejects with the `nosub` error. */
  async subscribe(name: string, ...params: unknown[]): Promise<string> {
    const { id, frame } = await this.subscribeAnswer(name, ...params);
    if (frame.msg === 'nosub') throw new DdpError(frame.error ?? { error: 'nosub', message: 'nosub' });
    return id;
  }

  /** Subscribes and resolves with the server's answer, `ready` or `nosub`, whichever it is. */
  async subscribeAnswer(name: string, ...params: unknown[]): Promise<{ id: string; frame: Frame }> {
    const id = `s${++this.nextId}`;
    const answer = this.waitFor((f) => (f.msg === 'ready' && f.subs?.includes(id)) || (f.msg === 'nosub' && f.id === id));
    this.send({ msg: 'sub', id, name, params });
    return { id, frame: await answer };
  }

  /** Rocket.Chat's stream subscription: `[eventName, {useCollection: false, args: []}]`. */
  stream(name: string, eventName: string): Promise<string> {
    return this.subscribe(`stream-${name}`, eventName, { useCollection: false, args: [] });
  }

  unsubscribe(id: string): Promise<Frame> {
    const done = this.waitFor((f) => f.msg === 'nosub' && f.id === id);
    this.send({ msg: 'unsub', id });
    return done;
  }

  /** Logs in with a password, sent as its SHA-256 digest (as Meteor clients do). */
  async login(username: string, password: string): Promise<DdpLoginResult> {
    const digest = createHash('sha256').update(password).digest('hex');
    return this.remember(await this.call<DdpLoginResult>('login', { user: { username }, password: { digest, algorithm: 'sha-256' } }));
  }

  async loginWithToken(token: string): Promise<DdpLoginResult> {
    return this.remember(await this.call<DdpLoginResult>('login', { resume: token }));
  }

  /** The next stream push on `stream-<name>` for `eventName` (and matching `test`), received after now. */
  nextPush(name: string, eventName: string, test: (push: StreamPush) => boolean = () => true, timeoutMs?: number): Promise<StreamPush> {
    const collection = `stream-${name}`;
    return this.waitFor(
      (f) => f.msg === 'changed' && f.collection === collection && f.fields?.eventName === eventName && test(toPush(f)),
      timeoutMs,
    ).then(toPush);
  }

  /** Pushes received so far on `stream-<name>` for `eventName`. */
  pushes(name: string, eventName: string): StreamPush[] {
    const collection = `stream-${name}`;
    return this.frames.filter((f) => f.msg === 'changed' && f.collection === collection && f.fields?.eventName === eventName).map(toPush);
  }

  /** The first frame received from now on that passes `test`. */
  waitFor(test: (frame: Frame) => boolean, timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const waiter = {
        test,
        resolve: (frame: Frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`DDP: no matching frame within ${timeoutMs} ms (last frames: ${JSON.stringify(this.frames.slice(-5))})`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Closes the socket cleanly and waits until it is closed. */
  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close();
    await this.closed;
  }

  /** Drops the TCP connection without a closing handshake. */
  terminate(): void {
    this.socket.terminate();
  }

  private remember(result: DdpLoginResult): DdpLoginResult {
    this.userId = result.id;
    this.token = result.token;
    return result;
  }

  private receive(data: string): void {
    for (const text of this.unframe(data)) {
      const frame = EJSON.parse(text) as Frame;
      this.frames.push(frame);
      this.options.onFrame?.(frame);
      if (frame.msg === 'ping' && this.options.answerPings !== false) this.send({ msg: 'pong', ...(frame.id && { id: frame.id }) });
      for (const waiter of [...this.waiters]) {
        if (waiter.test(frame)) {
          this.waiters.delete(waiter);
          waiter.resolve(frame);
        }
      }
    }
  }

  /** SockJS frames: `o` (open), `h` (heartbeat), `a[…]` (messages), `c[code, reason]` (close). */
  private unframe(data: string): string[] {
    if (!this.sockjs) return [data];
    if (data === 'o' || data === 'h') return [];
    if (data.startsWith('a')) return JSON.parse(data.slice(1)) as string[];
    if (data.startsWith('c')) {
      this.frames.push({ sockjsClose: JSON.parse(data.slice(1)) });
      return [];
    }
    throw new Error(`unexpected SockJS frame: ${data}`);
  }
}

function toPush(frame: Frame): StreamPush {
  return { collection: frame.collection, id: frame.id, eventName: frame.fields.eventName, args: frame.fields.args, fields: frame.fields };
}
