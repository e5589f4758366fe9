import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { EncodedFrame, streamFrame } from '../protocol/ddp-frames.js';
import { SocketTransport } from './socket-transport.js';

/** A server socket and the raw bytes its peer receives after the handshake (no WebSocket decoding on that side). */
interface Wire {
  server: WebSocket;
  received: () => Buffer;
  close: () => void;
}

let wss: WebSocketServer;

beforeAll(async () => {
  wss = new WebSocketServer({ port: 0, perMessageDeflate: false });
  await new Promise((resolve) => wss.once('listening', resolve));
});
afterAll(() => new Promise<void>((resolve) => wss.close(() => resolve())));

async function openWire(): Promise<Wire> {
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const client: Socket = connect((wss.address() as AddressInfo).port, '127.0.0.1');
  client.write(
    'GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  let bytes = Buffer.alloc(0);
  client.on('data', (chunk: Buffer) => (bytes = Buffer.concat([bytes, chunk])));
  const server = await accepted;
  const headEnd = () => bytes.indexOf('\r\n\r\n') + 4;
  return { server, received: () => bytes.subarray(headEnd()), close: () => client.destroy() };
}

/** Sends every frame through `send` on a fresh socket and gives the bytes that reached the peer. */
async function bytesOnTheWire(frames: EncodedFrame[], send: (socket: WebSocket, frame: EncodedFrame) => void): Promise<Buffer> {
  const wire = await openWire();
  frames.forEach((frame) => send(wire.server, frame));
  const expected = frames.reduce((n, f) => n + f.webSocketMessage(false).length, 0);
  while (wire.received().length < expected) await new Promise((resolve) => setTimeout(resolve, 5));
  const received = Buffer.from(wire.received());
  wire.close();
  return received;
}

const message = (text: string) => streamFrame('stream-room-messages', 'GENERAL', `[{"_id":"m1","msg":${JSON.stringify(text)}}]`);

describe('SocketTransport.send', () => {
  // Payload lengths around ws's header sizes: 7-bit, 16-bit and 64-bit lengths; UTF-8 beyond ASCII.
  const frames = [
    new EncodedFrame('{"msg":"ping"}'),
    new EncodedFrame(`{"msg":"ping","id":"${'x'.repeat(125 - '{"msg":"ping","id":""}'.length)}"}`),
    message('a message with 😀 and é, "quoted"'),
    message('z'.repeat(300)),
    message('y'.repeat(70_000)),
  ];

  it('writes the bytes ws writes for the same text message, prepared once for every socket', async () => {
    const byWs = await bytesOnTheWire(frames, (socket, frame) => socket.send(frame.bytes(false), { binary: false }));
    const byTransport = await bytesOnTheWire(frames, (socket, frame) => new SocketTransport(socket, false, 1 << 30).send(frame));
    expect(byTransport.equals(byWs)).toBe(true);
    const headers = [2, 2, 4, 4, 10]; // 7-bit, 16-bit and 64-bit lengths
    expect(byWs.length).toBe(frames.reduce((n, f, i) => n + Buffer.byteLength(f.text) + headers[i], 0));
  });

  it('shares one prepared buffer between the sockets a frame goes to', () => {
    const frame = message('shared');
    expect(frame.webSocketMessage(false)).toBe(frame.webSocketMessage(false));
    const sockjs = frame.webSocketMessage(true);
    expect(sockjs.subarray(sockjs.length - Buffer.byteLength(frame.sockjs)).toString()).toBe(frame.sockjs);
  });
});

describe('SocketTransport.sendTogether', () => {
  it("writes a method's result and updated to the kernel at once", async () => {
    const wire = await openWire();
    // Node's socket hands each write to the kernel through _write, or corked writes together through _writev.
    const raw = (wire.server as unknown as { _socket: { _write: () => void; _writev: () => void } })._socket;
    const writes = [jest.spyOn(raw, '_write'), jest.spyOn(raw, '_writev')];
    const frames = [new EncodedFrame('{"msg":"result","id":"1","result":true}'), new EncodedFrame('{"msg":"updated","methods":["1"]}')];
    new SocketTransport(wire.server, false, 1 << 30).sendTogether(frames);
    const expected = frames.reduce((n, f) => n + f.webSocketMessage(false).length, 0);
    while (wire.received().length < expected) await new Promise((resolve) => setTimeout(resolve, 5));
    const received = Buffer.from(wire.received());
    wire.close();
    expect(received.equals(Buffer.concat(frames.map((f) => f.webSocketMessage(false))))).toBe(true);
    expect(writes.map((spy) => spy.mock.calls.length)).toEqual([0, 1]);
  });
});
