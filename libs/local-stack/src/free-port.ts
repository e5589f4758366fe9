import { readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

/**
 * Ports for servers are drawn below the OS's ephemeral range: the kernel hands ephemeral ports to outgoing
 * connections (every app's NATS and MongoDB clients), so a port taken from that range can be grabbed by
 * one of them between the check and the server's listen.
 */
const LOWEST = 10_000;

/**
 * The Fetch standard's "bad ports" at or above LOWEST: `fetch` refuses them ("bad port"), so a server a test
 * or a client reaches with `fetch` must not be given one (10080 once failed CI's S3 suite).
 */
const FETCH_BAD_PORTS = new Set([10080]);

function ephemeralStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low > LOWEST + 1_000) return low;
  } catch {
    // not Linux: fall through to the IANA range's start
  }
  return 49_152;
}

/** Whether a server could listen on `port` right now. */
export const isPortFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });

/** A free TCP port for a server, below the ephemeral range, such that `port + offset` is free too for each offset. */
export async function freePort(offsets: readonly number[] = [0]): Promise<number> {
  const highest = ephemeralStart() - 1 - Math.max(...offsets);
  for (;;) {
    const port = LOWEST + Math.floor(Math.random() * (highest - LOWEST + 1));
    if (offsets.some((offset) => FETCH_BAD_PORTS.has(port + offset))) continue;
    if ((await Promise.all(offsets.map((offset) => isPortFree(port + offset)))).every(Boolean)) return port;
  }
}

/** Whether a server accepts TCP connections on the loopback `port` now. */
export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
