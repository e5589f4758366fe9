import WebSocket from 'ws';

export type StreamListener = (collection: string, eventName: string, args: unknown[]) => void;

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
