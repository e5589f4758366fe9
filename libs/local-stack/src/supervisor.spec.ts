import { describe, expect, it } from '@jest/globals';
import { Supervisor, type Supervised } from './supervisor.js';

/** A fake process: `crash()` ends it; `restart()` starts a new one (or fails, `failRestarts` times). */
function fakeProcess(name: string, failRestarts = 0) {
  let end: (code: string) => void = () => undefined;
  let exited: Promise<unknown> | undefined;
  const spawn = () => {
    exited = new Promise<string>((resolve) => (end = resolve));
  };
  spawn();
  let restarts = 0;
  const target: Supervised = {
    name,
    exited: () => exited,
    restart: () => {
      restarts++;
      if (failRestarts-- > 0) return Promise.reject(new Error('port in use'));
      spawn();
      return Promise.resolve();
    },
    tail: () => 'last words',
    pid: () => 4242,
  };
  return {
    target,
    crash: () => end('SIGKILL'),
    stopOnPurpose: () => {
      exited = undefined;
      end('0');
    },
    restarts: () => restarts,
  };
}

const until = async (test: () => boolean, timeoutMs = 2_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('Supervisor', () => {
  it('restarts a process that dies, after a backoff that doubles with each crash in the window, and logs it', async () => {
    const log: string[] = [];
    const supervisor = new Supervisor({ backoffMs: 10, maxBackoffMs: 40, log: (m) => log.push(m) });
    expect([1, 2, 3, 4].map((n) => supervisor.backoff(n))).toEqual([10, 20, 40, 40]);
    const core = fakeProcess('core');
    supervisor.watch(core.target);
    core.crash();
    await until(() => core.restarts() === 1);
    core.crash();
    await until(() => core.restarts() === 2);
    await until(() => log.length === 4);
    expect(log[0]).toMatch(/^core exited \(SIGKILL\); restarting in 0\.0 s \(crash 1 of 5/);
    expect(log[1]).toMatch(/^core restarted as pid 4242/);
    expect(log[2]).toMatch(/crash 2 of 5/);
    supervisor.stop();
  });

  it('gives up loudly after too many crashes within the window, failed restarts included', async () => {
    const log: string[] = [];
    const givenUp: string[] = [];
    const supervisor = new Supervisor({
      maxCrashes: 2,
      backoffMs: 1,
      log: (m) => log.push(m),
      onGiveUp: (name) => givenUp.push(name),
    });
    const db = fakeProcess('mongo-server', 5);
    supervisor.watch(db.target);
    db.crash();
    await until(() => givenUp.length === 1);
    expect(givenUp).toEqual(['mongo-server']);
    expect(db.restarts()).toBe(2);
    expect(log.at(-1)).toMatch(/mongo-server failed to restart \(port in use\): 3 crashes within 60 s; GIVING UP[\s\S]*last words/);
    expect(supervisor.givenUp.has('mongo-server')).toBe(true);
  });

  it('leaves alone a process stopped on purpose, and everything once stopped', async () => {
    const supervisor = new Supervisor({ backoffMs: 1, log: () => undefined });
    const gateway = fakeProcess('gateway');
    const nats = fakeProcess('nats-server');
    supervisor.watch(gateway.target);
    supervisor.watch(nats.target);
    gateway.stopOnPurpose();
    supervisor.stop();
    nats.crash();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(gateway.restarts()).toBe(0);
    expect(nats.restarts()).toBe(0);
  });
});
