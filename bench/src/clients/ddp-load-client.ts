import WebSocket from 'ws';

export type StreamListener = (collection: string, eventName: string, args: unknown[]) => void;
export type RoomMessageListener = (messageId: string) => void;

/**
 * How the gateway writes a room's message (`streamFrame`): the frame's head, then the room, then the args, whose
 * first is the message with `_id` as its first key. A delivery is recognised and its id read from these bytes,
 * without decoding the frame into objects; any other shape goes through `JSON.parse`.
 */
const ROOM_MESSAGE_HEAD = Buffer.from('{"msg":"changed","collection":"stream-room-messages","id":"id","fields":{"eventName":"');
const FIRST_ARG_ID = Buffer.from('","args":[{"_id":"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The id of the room message `frame` carries, read from its bytes; undefined when the frame is not one (or escapes it). */
export function roomMessageId(frame: Buffer): string | undefined {
  if (
    frame.length <= ROOM_MESSAGE_HEAD.length ||
    frame.compare(ROOM_MESSAGE_HEAD, 0, ROOM_MESSAGE_HEAD.length, 0, ROOM_MESSAGE_HEAD.length) !== 0
  )
    return undefined;
  const roomEnd = frame.indexOf(QUOTE, ROOM_MESSAGE_HEAD.length);
  if (roomEnd < 0 || frame.compare(FIRST_ARG_ID, 0, FIRST_ARG_ID.length, roomEnd, roomEnd + FIRST_ARG_ID.length) !== 0) return undefined;
  const idStart = roomEnd + FIRST_ARG_ID.length;
  const idEnd = frame.indexOf(QUOTE, idStart);
  if (idEnd <= idStart || frame.lastIndexOf(BACKSLASH, idEnd) >= idStart) return undefined;
  return frame.toString('latin1', idStart, idEnd);
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface DdpError {
  error?: string;
  reason?: string;
  message?: string;
}

/** The server frames this client acts on; any other `msg` is ignored. */
type ServerFrame =
  | { msg: 'connected' }
  | { msg: 'failed'; version: string }
  | { msg: 'ping'; id?: string }
  | { msg: 'changed'; collection: string; fields?: { eventName?: string; args?: unknown[] } }
  | { msg: 'result'; id: string; error?: DdpError; result?: unknown }
  | { msg: 'ready'; subs?: string[] }
  | { msg: 'nosub'; id: string; error?: DdpError };

/**
 * A lean DDP client for load: one websocket speaking the protocol itself (connect, ping/pong, method, sub),
 * with no client-side collections, so that a thousand of them fit in the load generator's process.
 */
export class DdpLoadClient {
  private socket?: WebSocket;
  private nextId = 0;
  private readonly pending = new Map<string, Pending>();
  private readonly subscriptions = new Map<string, Pending>();
  onStream: StreamListener = () => undefined;
  /**
   * When set, each room message (`stream-room-messages`) gets here by its id alone, read from the frame's bytes
   * (`roomMessageId`), instead of through `onStream`: a load generator receiving 50,000 deliveries a second then
   * spends on each about what a client's socket must, not a parse of the whole message.
   */
  onRoomMessage?: RoomMessageListener;
  onClose: () => void = () => undefined;

  constructor(readonly url: string) {}

  /** Opens the socket and completes the DDP handshake. */
  async connect(timeoutMs = 30_000): Promise<void> {
    const socket = new WebSocket(this.url, { perMessageDeflate: false });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('DDP connect timed out')), timeoutMs);
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      socket.once('open', () => socket.send('{"msg":"connect","version":"1","support":["1","pre2","pre1"]}'));
      socket.on('message', (data) => {
        // A Buffer: ws's default binaryType is 'nodebuffer'.
        if (this.onRoomMessage) {
          const messageId = roomMessageId(data as Buffer);
          if (messageId !== undefined) return this.onRoomMessage(messageId);
        }
        const frame = JSON.parse((data as Buffer).toString()) as ServerFrame;
        if (frame.msg === 'connected') {
          clearTimeout(timer);
          resolve();
        } else if (frame.msg === 'failed') {
          clearTimeout(timer);
          reject(new Error(`DDP version refused: ${frame.version}`));
        } else this.handle(frame);
      });
      socket.on('close', () => {
        for (const p of [...this.pending.values(), ...this.subscriptions.values()]) p.reject(new Error('socket closed'));
        this.pending.clear();
        this.subscriptions.clear();
        this.onClose();
      });
    });
  }

  private handle(frame: ServerFrame): void {
    switch (frame.msg) {
      case 'ping':
        this.send({ msg: 'pong', ...(frame.id && { id: frame.id }) });
        return;
      case 'changed':
        if (frame.fields?.eventName !== undefined) this.onStream(frame.collection, frame.fields.eventName, frame.fields.args ?? []);
        return;
      case 'result': {
        const pending = this.pending.get(frame.id);
        if (!pending) return;
        this.pending.delete(frame.id);
        if (frame.error) pending.reject(new Error(`${frame.error.error}: ${frame.error.reason ?? frame.error.message}`));
        else pending.resolve(frame.result);
        return;
      }
      case 'ready':
        for (const id of frame.subs ?? []) {
          this.subscriptions.get(id)?.resolve(undefined);
          this.subscriptions.delete(id);
        }
        return;
      case 'nosub': {
        const pending = this.subscriptions.get(frame.id);
        this.subscriptions.delete(frame.id);
        pending?.reject(new Error(`nosub: ${frame.error?.reason ?? frame.error?.error ?? 'refused'}`));
        return;
      }
    }
  }

  private send(frame: object): void {
    this.socket?.send(JSON.stringify(frame));
  }

  call<T = unknown>(method: string, ...params: unknown[]): Promise<T> {
    const id = String(++this.nextId);
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ msg: 'method', method, params, id });
    });
  }

  subscribe(name: string, ...params: unknown[]): Promise<void> {
    const id = `s${++this.nextId}`;
    return new Promise<void>((resolve, reject) => {
      this.subscriptions.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ msg: 'sub', id, name, params });
    });
  }

  /** Rocket.Chat's stream subscription: `[eventName, {useCollection: false, args: []}]`. */
  stream(name: string, eventName: string): Promise<void> {
    return this.subscribe(name, eventName, { useCollection: false, args: [] });
  }

  loginWithToken(token: string): Promise<{ id: string; token: string }> {
    return this.call('login', { resume: token });
  }

  close(): void {
    this.socket?.close();
  }

  /** Drops the connection without a closing handshake (as a crashing client would). */
  terminate(): void {
    this.socket?.terminate();
  }
}
