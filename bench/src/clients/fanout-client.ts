import WebSocket from 'ws';
import { DdpLoadClient } from './ddp-load-client.js';

/** What the fan-out measurement needs of a client, whichever server it talks to. */
export interface FanoutClient {
  /** Starts receiving the messages of a room; resolves once the server confirmed. */
  watch(room: string): Promise<void>;
  /** Posts a message with a client-chosen id; resolves when the server acknowledged it. */
  post(room: string, id: string): Promise<void>;
  /** Called with the id of every message received. */
  onMessage: (id: string) => void;
  close(): void;
}

/** A logged-in DDP user: watches `stream-room-messages`, posts with the `sendMessage` method. */
export class DdpFanoutClient implements FanoutClient {
  onMessage: (id: string) => void = () => undefined;

  constructor(readonly ddp: DdpLoadClient) {
    // Read from the frame's bytes; a frame of another shape still arrives through onStream.
    ddp.onRoomMessage = (id) => this.onMessage(id);
    ddp.onStream = (collection, _eventName, args) => {
      if (collection !== 'stream-room-messages') return;
      const message = args[0] as { _id?: string } | undefined;
      if (message?._id) this.onMessage(message._id);
    };
  }

  watch(room: string): Promise<void> {
    return this.ddp.stream('stream-room-messages', room);
  }

  async post(room: string, id: string): Promise<void> {
    await this.ddp.call('sendMessage', { _id: id, rid: room, msg: `bench message ${id}` });
  }

  close(): void {
    this.ddp.close();
  }
}

/** A socket of the baseline relay. Posting is fire-and-forget there: the relay has nothing to acknowledge. */
export class RelayFanoutClient implements FanoutClient {
  onMessage: (id: string) => void = () => undefined;
  private readonly ready = new Map<string, () => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      // A Buffer: ws's default binaryType is 'nodebuffer'.
      const frame = JSON.parse((raw as Buffer).toString()) as { ready?: string; id?: string };
      if (frame.ready) this.ready.get(frame.ready)?.();
      else if (frame.id) this.onMessage(frame.id);
    });
  }

  static async connect(url: string): Promise<RelayFanoutClient> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new RelayFanoutClient(socket);
  }

  watch(room: string): Promise<void> {
    return new Promise((resolve) => {
      this.ready.set(room, resolve);
      this.socket.send(JSON.stringify({ sub: room }));
    });
  }

  post(room: string, id: string): Promise<void> {
    // The payload is as large as a chat message event, so both runs move similar bytes.
    const data = JSON.stringify({ id, rid: room, msg: `bench message ${id}`, ts: Date.now(), u: { _id: 'x', username: 'bench' } });
    this.socket.send(JSON.stringify({ pub: room, data }));
    return Promise.resolve();
  }

  close(): void {
    this.socket.close();
  }
}
