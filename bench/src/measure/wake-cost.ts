import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

/** What one echo cost the echoing process after a given pause. */
export interface WakeCost {
  /** The pause before each message, ms (0: back to back). */
  gapMs: number;
  /** The echoing process's CPU per message (woken, one read, one write), µs. */
  echoUs: number;
}

/** A loopback echo server in a process of its own: what it costs is read from its scheduler statistics. */
const ECHO_SERVER = `
const server = require('node:net').createServer((socket) => socket.on('data', (data) => socket.write(data)));
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;
const MESSAGE = Buffer.alloc(512, 1);
/** The probe before each measured run (~1.5 s): back to back, and after the pause of a message every few ms. */
const BEFORE_RUN = [
  { gapMs: 0, messages: 2_000 },
  { gapMs: 5, messages: 200 },
];

/** What a wake-up costs the machine right now, measured before a run (its result's `wakeCost`). */
export const measureWakeCostBeforeRun = () => measureWakeCost(BEFORE_RUN);

/**
 * The machine's price of a wake-up: a process that sleeps, is woken by a message on a loopback socket and answers it.
 * Every hop of a send (gateway, NATS, core, the database and back) pays it, so the stack's CPU per message follows it;
 * on a virtual machine it moves with the host's load and grows with the pause before the message (a vCPU that halted
 * comes back to cold caches). Measured beside each run, it tells a faster build from a faster machine.
 */
export async function measureWakeCost(plan: Array<{ gapMs: number; messages: number }>): Promise<WakeCost[]> {
  const child = spawn(process.execPath, ['-e', ECHO_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (line: Buffer) => resolve(Number(line.toString().trim())));
      child.once('exit', (code) => reject(new Error(`the echo server exited (${code})`)));
    });
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise((resolve) => socket.once('connect', resolve));
    const costs: WakeCost[] = [];
    for (const { gapMs, messages } of plan) {
      const before = cpuNs(child.pid!);
      await echoes(socket, messages, gapMs);
      costs.push({ gapMs, echoUs: Math.round((cpuNs(child.pid!) - before) / messages / 100) / 10 });
    }
    socket.destroy();
    return costs;
  } finally {
    child.kill();
  }
}

/** Sends `count` messages, each once the previous came back and `gapMs` passed. */
function echoes(socket: Socket, count: number, gapMs: number): Promise<void> {
  return new Promise((resolve) => {
    let pending = MESSAGE.length;
    let sent = 0;
    const send = () => {
      sent++;
      socket.write(MESSAGE);
    };
    const onData = (data: Buffer) => {
      pending -= data.length;
      if (pending > 0) return;
      pending = MESSAGE.length;
      if (sent === count) {
        socket.off('data', onData);
        resolve();
      } else if (gapMs > 0) setTimeout(send, gapMs);
      else send();
    };
    socket.on('data', onData);
    send();
  });
}

/** The process's main thread's time on a CPU, ns (the scheduler's own count: exact, not sampled at ticks). */
function cpuNs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
}
