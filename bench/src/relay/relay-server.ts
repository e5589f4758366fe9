import { connect } from '@nats-io/transport-node';
import { flushOncePerTurn } from '@rc/platform';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The baseline: the same fan-out with nothing but a websocket server fed by NATS — no database, no auth, no
 * protocol beyond `{"sub": key}` and `{"pub": key, "data": …}`. Whatever the chat server achieves is compared
 * with what this machine allows for the same sockets and rooms.
 */
export async function runRelayServer(port: number, natsUrl: string): Promise<void> {
  const nats = await connect({ servers: natsUrl });
  // As every app of the stack writes its publishes: the baseline gets what the chat server gets.
  flushOncePerTurn(nats);
  const watchers = new Map<string, Set<WebSocket>>();
  const server = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });

  server.on('connection', (socket) => {
    const keys = new Set<string>();
    socket.on('message', (raw) => {
      // A Buffer: ws's default binaryType is 'nodebuffer'.
      const frame = JSON.parse((raw as Buffer).toString()) as { sub?: string; pub?: string; data?: string };
      if (frame.sub) {
        keys.add(frame.sub);
        let set = watchers.get(frame.sub);
        if (!set) {
          set = new Set();
          watchers.set(frame.sub, set);
          const key = frame.sub;
          nats.subscribe(`relay.${key}`, {
            callback: (_error, msg) => {
              const data = msg.string();
              for (const watcher of watchers.get(key) ?? []) watcher.send(data);
            },
          });
        }
        set.add(socket);
        socket.send(JSON.stringify({ ready: frame.sub }));
      } else if (frame.pub && frame.data !== undefined) {
        nats.publish(`relay.${frame.pub}`, frame.data);
      }
    });
    socket.on('close', () => {
      for (const key of keys) watchers.get(key)?.delete(socket);
    });
  });
  // Announced once the socket listens: the bench connects as soon as it reads READY.
  server.once('listening', () => process.stdout.write(`READY ${port}\n`));
  const stop = async () => {
    server.close();
    await nats.drain();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}
