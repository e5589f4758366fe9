import type WebSocket from 'ws';
import type { EncodedFrame } from '../protocol/ddp-frames.js';

/** WebSocket close codes the server uses (Rocket.Chat's DDP streamer). */
export const CloseCode = {
  GoingAway: 1001,
  ProtocolError: 1002,
  UnsupportedData: 1007,
  SlowConsumer: 1013,
  Timeout: 4000,
} as const;

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
    // Bytes encoded once per frame, sent as a text message.
    this.socket.send(frame.bytes(this.sockjs), { binary: false });
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
