import type { DdpServerMessage, MeteorErrorJson } from '@rc/contracts';
import EJSON from 'ejson';

/**
 * A server message encoded once, for any number of sockets: the plain DDP text (`/websocket`) and, built on
 * first use, its SockJS framing (`a["…"]`, under `/sockjs/…`). A stream push to a thousand sockets is encoded
 * once, not a thousand times.
 */
export class EncodedFrame {
  private sockjsText?: string;
  private textBytes?: Buffer;
  private sockjsBytes?: Buffer;

  constructor(readonly text: string) {}

  get sockjs(): string {
    return (this.sockjsText ??= `a${JSON.stringify([this.text])}`);
  }

  /** The UTF-8 bytes a socket sends, encoded once for every socket (ws would encode the text for each). */
  bytes(sockjs: boolean): Buffer {
    return sockjs ? (this.sockjsBytes ??= Buffer.from(this.sockjs)) : (this.textBytes ??= Buffer.from(this.text));
  }

  static of(message: DdpServerMessage): EncodedFrame {
    return new EncodedFrame(EJSON.stringify(message));
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

export const encodeArgs = (args: unknown[]): string => EJSON.stringify(args);

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
