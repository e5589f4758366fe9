import type { DdpServerMessage, MeteorErrorJson } from '@rc/contracts';
import { stringifyEjson } from '@rc/platform';
import * as ws from 'ws';

/** ws's framing, which its typings leave out: `Sender.frame` gives a frame's header and payload as buffers. */
interface WsFraming {
  frame(data: Buffer, options: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean }): Buffer[];
}
const { Sender } = ws as unknown as { Sender: WsFraming };
const TEXT_OPCODE = 1;

/** A whole WebSocket text message as a server sends it (final, unmasked, uncompressed): ws's header, then `payload`. */
const textMessage = (payload: Buffer): Buffer =>
  Buffer.concat(Sender.frame(payload, { fin: true, rsv1: false, opcode: TEXT_OPCODE, mask: false, readOnly: false }));

/**
 * A server message encoded once, for any number of sockets: the plain DDP text (`/websocket`) and, built on
 * first use, its SockJS framing (`a["…"]`, under `/sockjs/…`). A stream push to a thousand sockets is encoded
 * once, not a thousand times.
 */
export class EncodedFrame {
  private sockjsText?: string;
  private textBytes?: Buffer;
  private sockjsBytes?: Buffer;
  private textMessage?: Buffer;
  private sockjsMessage?: Buffer;

  constructor(readonly text: string) {}

  get sockjs(): string {
    return (this.sockjsText ??= `a${JSON.stringify([this.text])}`);
  }

  /** The UTF-8 bytes a socket sends, encoded once for every socket (ws would encode the text for each). */
  bytes(sockjs: boolean): Buffer {
    return sockjs ? (this.sockjsBytes ??= Buffer.from(this.sockjs)) : (this.textBytes ??= Buffer.from(this.text));
  }

  /**
   * The WebSocket message carrying `bytes(sockjs)`, header included, framed once for every socket: a socket then
   * writes one shared buffer (ws would build a header and write it and the payload apart, for each socket).
   */
  webSocketMessage(sockjs: boolean): Buffer {
    return sockjs ? (this.sockjsMessage ??= textMessage(this.bytes(true))) : (this.textMessage ??= textMessage(this.bytes(false)));
  }

  static of(message: DdpServerMessage): EncodedFrame {
    return new EncodedFrame(stringifyEjson(message));
  }
}

/**
 * A stream push: `changed` on collection `stream-<name>` with `fields: {eventName, args}` (document id `id`,
 * as Rocket.Chat's streamer). `argsJson` is the EJSON of the args, so that callers can reuse it across
 * event names (rooms-changed goes to each member under their own event name).
 */
export function streamFrame(collection: string, eventName: string, argsJson: string, id = 'id'): EncodedFrame {
  return new EncodedFrame(
    `{"msg":"changed","collection":${JSON.stringify(collection)},"id":${JSON.stringify(id)},"fields":{"eventName":${JSON.stringify(eventName)},"args":${argsJson}}}`,
  );
}

export const encodeArgs = (args: unknown[]): string => stringifyEjson(args);

export const frames = {
  serverId: EncodedFrame.of({ server_id: '0' }),
  connected: (session: string) => EncodedFrame.of({ msg: 'connected', session }),
  failed: (version: string) => EncodedFrame.of({ msg: 'failed', version }),
  ping: (id?: string) => EncodedFrame.of({ msg: 'ping', ...(id !== undefined && { id }) }),
  pong: (id?: string) => EncodedFrame.of({ msg: 'pong', ...(id !== undefined && { id }) }),
  result: (id: string, result: unknown, error?: MeteorErrorJson) =>
    EncodedFrame.of({ msg: 'result', id, ...(result !== undefined && { result }), ...(error && { error }) }),
  updated: (id: string) => EncodedFrame.of({ msg: 'updated', methods: [id] }),
  ready: (id: string) => EncodedFrame.of({ msg: 'ready', subs: [id] }),
  nosub: (id: string, error?: MeteorErrorJson) => EncodedFrame.of({ msg: 'nosub', id, ...(error && { error }) }),
  added: (collection: string, id: string, fields: Record<string, unknown>) => EncodedFrame.of({ msg: 'added', collection, id, fields }),
  changed: (collection: string, id: string, fields: Record<string, unknown>, cleared?: string[]) =>
    EncodedFrame.of({ msg: 'changed', collection, id, fields, ...(cleared?.length && { cleared }) }),
  removed: (collection: string, id: string) => EncodedFrame.of({ msg: 'removed', collection, id }),
  error: (reason: string, offendingMessage?: unknown) =>
    EncodedFrame.of({ msg: 'error', reason, ...(offendingMessage !== undefined && { offendingMessage }) }),
};
