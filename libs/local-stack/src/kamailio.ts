import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { repoRoot } from './paths.js';
import { ServerProcess } from './server-process.js';

/** Where Debian's `kamailio` package puts the daemon and its modules. */
export const KAMAILIO = {
  binary: existsSync('/usr/sbin/kamailio') ? '/usr/sbin/kamailio' : 'kamailio',
  moduleDir: '/usr/lib/x86_64-linux-gnu/kamailio/modules/',
  /** Omnichannel VoIP's configuration (placeholders filled in here). */
  template: join(repoRoot, 'apps/omnichannel-voip/kamailio/kamailio.cfg'),
};

export interface LocalKamailioOptions {
  logDir: string;
  /** How long an agent's phone rings before the call fails (tm's fr_inv_timer), 30 s by default. */
  ringTimeoutMs?: number;
  /** How long a caller may wait in a queue, 10 minutes by default. */
  queueTimeoutMs?: number;
}

/**
 * A real Kamailio (Debian package) running Omnichannel VoIP's configuration for tests and local use: SIP on UDP and
 * TCP, SIP over WebSocket and JSON-RPC on an HTTP port, the event API for the VoIP service; free loopback ports, a
 * generated configuration in a temporary directory. `crash()` kills it without warning, `start()` brings it back
 * on the same ports.
 */
export class LocalKamailio {
  private readonly server: ServerProcess;

  private constructor(
    readonly sipPort: number,
    readonly httpPort: number,
    readonly evapiPort: number,
    private readonly dir: string,
    logDir: string,
  ) {
    // -DD: stays in the foreground (its children with it) so that the process is ours to stop; -E: logs to stderr.
    this.server = new ServerProcess({
      name: 'kamailio',
      command: KAMAILIO.binary,
      args: ['-DD', '-E', '-f', join(dir, 'kamailio.cfg')],
      logFile: join(logDir, 'kamailio.log'),
      ports: [evapiPort, httpPort],
      startTimeoutMs: 15_000,
    });
  }

  static async start(options: LocalKamailioOptions): Promise<LocalKamailio> {
    const dir = mkdtempSync(join(tmpdir(), 'kamailio-'));
    const kamailio = new LocalKamailio(await freePort(), await freePort(), await freePort(), dir, options.logDir);
    const values: Record<string, string> = {
      DEBUG: '2',
      RUN_DIR: dir,
      SIP_HOST: '127.0.0.1',
      SIP_PORT: String(kamailio.sipPort),
      HTTP_PORT: String(kamailio.httpPort),
      MODULE_DIR: KAMAILIO.moduleDir,
      RING_TIMEOUT_MS: String(options.ringTimeoutMs ?? 30_000),
      QUEUE_TIMEOUT_MS: String(options.queueTimeoutMs ?? 600_000),
      EVAPI_HOST: '127.0.0.1',
      EVAPI_PORT: String(kamailio.evapiPort),
    };
    const config = readFileSync(KAMAILIO.template, 'utf8').replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
      if (!(name in values)) throw new Error(`kamailio.cfg: no value for {{${name}}}`);
      return values[name];
    });
    writeFileSync(join(dir, 'kamailio.cfg'), config);
    await kamailio.start();
    return kamailio;
  }

  /** `sip:<user>@127.0.0.1:<port>`. */
  uri(user: string): string {
    return `sip:${user}@127.0.0.1:${this.sipPort}`;
  }

  get websocketUrl(): string {
    return `ws://127.0.0.1:${this.httpPort}/`;
  }

  /** Starts it (again, after `crash()` or `stop({ removeData: false })`), on the same ports. */
  start(): Promise<void> {
    return this.server.start();
  }

  /** A JSON-RPC command over HTTP (`ul.dump`, `core.version`, …). */
  async rpc<T>(method: string, params: unknown[] = []): Promise<T> {
    const response = await fetch(`http://127.0.0.1:${this.httpPort}/RPC`, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }),
    });
    const body = (await response.json()) as { result?: T; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result as T;
  }

  /** SIGKILL to it and every child process at once: the PBX goes away without a goodbye. */
  crash(): Promise<void> {
    return this.server.crash();
  }

  async stop({ removeData = true }: { removeData?: boolean } = {}): Promise<void> {
    await this.server.stop(5_000);
    if (removeData) rmSync(this.dir, { recursive: true, force: true });
  }
}
