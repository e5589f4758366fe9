import type WebSocket from 'ws';
import type { Socket } from 'node:net';
import type { EncodedFrame } from '../protocol/ddp-frames.js';

/** WebSocket close codes the server uses (Rocket.Chat's DDP streamer). */
export const CloseCode = {
  GoingAway: 1001,
  ProtocolError: 1002,
  UnsupportedData: 1007,
  SlowConsumer: 1013,
  Timeout: 4000,
} as const;

/** What a `ws` socket's sender exposes beyond its typings: its queue's state and the write of a framed message. */
interface WsSenderInternals {
  _state: number;
  sendFrame(list: Buffer[]): void;
}
/** The sender's state when nothing is queued (no compression under way, which this server never negotiates). */
const SENDER_IDLE = 0;

/**
 * One client socket, plain (`/websocket`) or with SockJS framing (`/sockjs/<server>/<session>/websocket`):
 * `o` to open, `a[…]` around messages, `c[code,"reason"]` before the server closes.
 */
export class SocketTransport {
  constructor(
    private readonly socket: WebSocket,
    readonly sockjs: boolean,
    private readonly maxBufferedBytes: number,
  ) {
    if (sockjs) socket.send('o');
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** Sends a frame; a client that does not read what it is sent is closed rather than buffered forever. */
  send(frame: EncodedFrame): void {
    if (!this.open) return;
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.close(CloseCode.SlowConsumer, 'SLOW_CONSUMER');
      return;
    }
    const sender = (this.socket as unknown as { _sender?: WsSenderInternals })._sender;
    // The message framed once for every socket, written as one buffer by ws's own sender; the same bytes as
    // `send(bytes, { binary: false })`, which remains for a sender with something queued.
    if (sender?._state === SENDER_IDLE) sender.sendFrame([frame.webSocketMessage(this.sockjs)]);
    else this.socket.send(frame.bytes(this.sockjs), { binary: false });
  }

  /**
   * Sends frames in one write (a method's `result` and `updated`): the socket is corked while they are framed, so
   * the client gets one TCP segment and one wake-up instead of one for each.
   */
  sendTogether(frames: EncodedFrame[]): void {
    const raw = (this.socket as unknown as { _socket?: Socket })._socket;
    raw?.cork();
    try {
      for (const frame of frames) this.send(frame);
    } finally {
      raw?.uncork();
    }
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.CLOSED || this.socket.readyState === this.socket.CLOSING) return;
    if (this.sockjs && this.open) this.socket.send(`c${JSON.stringify([code, reason])}`);
    this.socket.close(code, reason);
  }

  /** Drops the connection without a closing handshake (a peer that stopped answering). */
  terminate(): void {
    this.socket.terminate();
  }
}
