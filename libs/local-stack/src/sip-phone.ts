import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { ServerProcess } from './server-process.js';

/** An event of baresip's ctrl_tcp interface (`CALL_INCOMING`, `CALL_ESTABLISHED`, `REGISTER_OK`, …). */
export interface PhoneEvent {
  type: string;
  class?: string;
  accountaor?: string;
  direction?: string;
  peeruri?: string;
  id?: string;
  param?: string;
}

interface PhoneResponse {
  ok: boolean;
  data: string;
  token?: string;
}

/**
 * A real SIP phone for tests: Debian's `baresip`, driven over its ctrl_tcp interface (netstrings of JSON). It
 * registers `user` on the registrar given (UDP), dials, answers and hangs up as a person would; audio runs through
 * baresip's aubridge (RTP flows, nothing is played). Everything stays on the loopback (`-n 127.0.0.1`: SIP, SDP
 * and RTP addresses). Every event it reports is kept in `events`.
 */
export class SipPhone {
  readonly events: PhoneEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly pending = new Map<string, (response: PhoneResponse) => void>();
  private nextToken = 1;

  private constructor(
    readonly user: string,
    readonly registrar: string,
    private readonly process: ServerProcess,
    private readonly control: Socket,
    private readonly dir: string,
    /** Where it listens for SIP (UDP and TCP on the loopback). */
    readonly sipPort: number,
    private password?: string,
  ) {
    let buffer = Buffer.alloc(0);
    control.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const colon = buffer.indexOf(0x3a);
        if (colon < 0) return;
        const length = Number(buffer.subarray(0, colon).toString('ascii'));
        if (buffer.length < colon + length + 2) return;
        const message = JSON.parse(buffer.subarray(colon + 1, colon + 1 + length).toString('utf8')) as PhoneEvent &
          PhoneResponse & { event?: boolean; response?: boolean };
        buffer = buffer.subarray(colon + length + 2);
        if (message.response && message.token) this.pending.get(message.token)?.(message);
        else if (message.event) this.events.push(message);
        for (const wake of this.waiters) wake();
      }
    });
  }

  /**
   * `registrar`: `host:port` of the SIP server (UDP). `password`: the digest password it answers a challenge with;
   * `register: false` (a caller from outside): it sends no REGISTER, it only dials and answers.
   */
  static async start(options: {
    user: string;
    registrar: string;
    logDir: string;
    password?: string;
    register?: boolean;
  }): Promise<SipPhone> {
    const dir = mkdtempSync(join(tmpdir(), `baresip-${options.user}-`));
    // baresip listens on the SIP port for UDP and TCP and on the next one for TLS.
    const sipPort = await freePort([0, 1]);
    const controlPort = await freePort();
    writeFileSync(
      join(dir, 'config'),
      [
        'poll_method epoll',
        `sip_listen 127.0.0.1:${sipPort}`,
        `ctrl_tcp_listen 127.0.0.1:${controlPort}`,
        'module_path /usr/lib/baresip/modules',
        'module g711.so',
        'module aubridge.so',
        'module_app account.so',
        'module_app menu.so',
        'module_app ctrl_tcp.so',
        `audio_source aubridge,${options.user}`,
        `audio_player aubridge,${options.user}`,
        `audio_alert aubridge,${options.user}-alert`,
        'rtp_timeout 0',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'accounts'),
      `${SipPhone.account(options.user, options.registrar, options.password, options.register ?? true)}\n`,
    );
    const process = new ServerProcess({
      name: `baresip-${options.user}`,
      command: 'baresip',
      args: ['-4', '-n', '127.0.0.1', '-f', dir],
      logFile: join(options.logDir, `baresip-${options.user}.log`),
      ports: [controlPort],
    });
    await process.start();
    const control = connect({ host: '127.0.0.1', port: controlPort });
    await new Promise((resolve, reject) => control.once('connect', resolve).once('error', reject));
    return new SipPhone(options.user, options.registrar, process, control, dir, sipPort, options.password);
  }

  private static account(user: string, registrar: string, password: string | undefined, register: boolean): string {
    const auth = password ? `;auth_pass=${password}` : '';
    return `<sip:${user}@${registrar};transport=udp>${auth};regint=${register ? 600 : 0};answermode=manual`;
  }

  get aor(): string {
    return `sip:${this.user}@${this.registrar}`;
  }

  /** A menu command (`dial`, `accept`, `hangup`, `uanew`, `uadel`, …) and its answer. */
  command(command: string, params = ''): Promise<PhoneResponse> {
    const token = String(this.nextToken++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`baresip ${this.user}: no answer to ${command}`)), 10_000);
      this.pending.set(token, (response) => {
        clearTimeout(timer);
        this.pending.delete(token);
        resolve(response);
      });
      const body = Buffer.from(JSON.stringify({ command, params, token }));
      this.control.write(Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]));
    });
  }

  /** The first event (from `since` on) matching; waits for it. */
  async waitFor(type: string, { since = 0, timeoutMs = 15_000 }: { since?: number; timeoutMs?: number } = {}): Promise<PhoneEvent> {
    const find = () => this.events.slice(since).find((event) => event.type === type);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`baresip ${this.user}: no ${type} within ${timeoutMs} ms; saw ${this.events.map((e) => e.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      }).finally(() => this.waiters.clear());
    }
  }

  async dial(target: string): Promise<void> {
    const response = await this.command('dial', target);
    if (!response.ok) throw new Error(`baresip ${this.user}: dial ${target} failed: ${response.data}`);
  }

  async accept(): Promise<void> {
    const response = await this.command('accept');
    if (!response.ok) throw new Error(`baresip ${this.user}: accept failed: ${response.data}`);
  }

  async hangup(): Promise<void> {
    await this.command('hangup');
  }

  /** How many calls it has (ringing, talking or held), as `listcalls` counts them. */
  async calls(): Promise<number> {
    const response = await this.command('listcalls');
    return Number(/Active calls \((\d+)\)/.exec(response.data)?.[1] ?? 0);
  }

  /** Hangs up every call it has (a test leaving a clean phone whatever happened before). */
  async hangupAll(): Promise<void> {
    for (let left = await this.calls(), tries = 0; left > 0 && tries < 5; left = await this.calls(), tries++) await this.hangup();
  }

  /** Puts the current call on hold (a re-INVITE with `a=sendonly`). */
  async hold(): Promise<void> {
    const response = await this.command('hold');
    if (!response.ok) throw new Error(`baresip ${this.user}: hold failed: ${response.data}`);
  }

  /** Takes the current call off hold (a re-INVITE with `a=sendrecv`). */
  async resume(): Promise<void> {
    const response = await this.command('resume');
    if (!response.ok) throw new Error(`baresip ${this.user}: resume failed: ${response.data}`);
  }

  /** Blind transfer of the current call to `target` (a REFER: the other party calls `target`). */
  async transfer(target: string): Promise<void> {
    const response = await this.command('transfer', target);
    if (!response.ok) throw new Error(`baresip ${this.user}: transfer failed: ${response.data}`);
  }

  /** Removes its account: baresip unregisters it from the registrar. */
  async unregister(): Promise<void> {
    await this.command('uadel', this.aor);
  }

  /**
   * Adds an account for its user: a fresh registration now (with `password` from now on, when given), after
   * `unregister` or beside the current account (which then sends nothing: no un-REGISTER with the same Contact).
   */
  async register(password = this.password): Promise<void> {
    this.password = password;
    const response = await this.command('uanew', SipPhone.account(this.user, this.registrar, password, true));
    if (!response.ok) throw new Error(`baresip ${this.user}: uanew failed: ${response.data}`);
  }

  async stop(): Promise<void> {
    this.control.destroy();
    await this.process.stop(3_000);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
