import { Socket, connect } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import type { OmnichannelVoipConfig } from '../omnichannel-voip.env.js';
import { NetstringDecoder, encodeNetstring } from './netstring.js';
import {
  PbxConnector,
  type PbxConnectionTarget,
  type PbxCall,
  type PbxEvent,
  type PbxListener,
  type Registration,
  type RouteDecision,
} from './pbx-connector.js';

/** What Kamailio sends on the evapi connection (apps/omnichannel-voip/kamailio/kamailio.cfg writes these). */
interface KamailioMessage {
  event?: string;
  /** The event's id: Kamailio's start time and a counter (unique across its restarts). */
  eid?: string;
  callId?: string;
  from?: string;
  fromName?: string;
  to?: string;
  code?: number;
  extension?: string;
  agent?: number;
  tindex?: number;
  tlabel?: number;
  jsonrpc?: string;
  id?: number | string;
  result?: unknown;
  error?: { code: number; message: string };
}

interface UlDump {
  Domains?: Array<{
    Domain?: {
      AoRs?: Array<{
        Info?: {
          AoR?: string;
          Contacts?: Array<{ Contact?: { Address?: string; Expires?: number | string; 'User-Agent'?: string; Socket?: string } }>;
        };
      }>;
    };
  }>;
}

/** The keys of an `htable.dump` answer (`[{entry, slot: [{name, value}]}]`). */
function namesIn(dump: unknown): string[] {
  if (!Array.isArray(dump)) return [];
  return dump.flatMap((entry: { slot?: Array<{ name?: unknown }> }) =>
    (entry?.slot ?? []).map((item) => item?.name).filter((name): name is string => typeof name === 'string'),
  );
}

/** A JSON-RPC request over one evapi connection, answered on it (Kamailio's jsonrpc_exec in the event route). */
class EvapiLink {
  private readonly decoder = new NetstringDecoder();
  private readonly pending = new Map<string, { resolve(value: unknown): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  private nextId = 1;
  readonly closed: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
    onMessage: (message: KamailioMessage) => void,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => {
      let frames: string[];
      try {
        frames = this.decoder.push(chunk);
      } catch (error) {
        socket.destroy(error as Error);
        return;
      }
      for (const frame of frames) {
        let message: KamailioMessage;
        try {
          message = JSON.parse(frame) as KamailioMessage;
        } catch {
          continue;
        }
        if (message.jsonrpc !== undefined) this.settle(message);
        else onMessage(message);
      }
    });
    socket.on('error', () => undefined);
    void this.closed.then(() => {
      for (const [id, call] of this.pending) {
        clearTimeout(call.timer);
        call.reject(new Error('PBX connection closed'));
        this.pending.delete(id);
      }
    });
  }

  static open(host: string, port: number, timeoutMs: number, onMessage: (message: KamailioMessage) => void): Promise<EvapiLink> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 5_000);
      const timer = setTimeout(() => socket.destroy(new Error(`connect to ${host}:${port} timed out`)), timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new EvapiLink(socket, timeoutMs, onMessage));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  send(message: object): void {
    this.socket.write(encodeNetstring(JSON.stringify(message)));
  }

  /** A JSON-RPC call; a random prefix keeps ids apart when several instances share the connection's replies. */
  rpc<T>(method: string, params: unknown[] = []): Promise<T> {
    const id = `${process.pid}-${this.nextId++}`;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`PBX did not answer ${method} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: (value) => resolve(value as T), reject, timer });
      this.send({ jsonrpc: '2.0', method, params, id });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private settle(message: KamailioMessage): void {
    const id = message.id === undefined ? undefined : String(message.id);
    const call = id === undefined ? undefined : this.pending.get(id);
    if (!call || id === undefined) return;
    this.pending.delete(id);
    clearTimeout(call.timer);
    if (message.error) call.reject(new Error(`${message.error.code} ${message.error.message}`));
    else call.resolve(message.result);
  }
}

/**
 * Kamailio as the PBX: one long-lived TCP connection to its event API (evapi, `VoIP_Management_Server_Host:Port`)
 * carries everything — Kamailio hands every new INVITE to us while its transaction is suspended (with the
 * transaction's index and label) and resumes it with our decision, sends call and registration events, and runs
 * our JSON-RPC commands (`ul.dump`, `core.version`). The connection is kept up while `VoIP_Enabled`: lost, it is
 * retried with backoff (`VOIP_RECONNECT_MS`, doubled up to 10 s), and a changed host or port reconnects.
 */
@Injectable()
export class KamailioConnector extends PbxConnector implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly type = 'Kamailio';
  private readonly logger = new Logger(KamailioConnector.name);
  private link?: EvapiLink;
  private linkTarget?: string;
  private readonly listeners: PbxListener[] = [];
  /** Set once the listeners prepared the PBX (`connecting`): only then is it connected for everybody else. */
  private ready = false;
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly settings: SettingsCache,
    @Inject(APP_CONFIG) private readonly config: OmnichannelVoipConfig,
  ) {
    super();
  }

  listen(listener: PbxListener): void {
    this.listeners.push(listener);
  }

  onApplicationBootstrap(): void {
    this.loop = this.supervise();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.link?.close();
    await this.loop;
  }

  isConnected(): boolean {
    return this.link !== undefined && this.ready;
  }

  async version(): Promise<string> {
    if (!this.ready) throw new Error('the PBX is not connected');
    return String(await this.requireLink().rpc<string>('core.version')).trim();
  }

  reconnect(): void {
    this.link?.close();
  }

  async replaceCredentials(credentials: ReadonlyArray<{ extension: string; password: string }>): Promise<void> {
    const link = this.requireLink();
    // No flush: another instance shares the table, and a phone registering meanwhile must not meet an empty one
    // (a failed registration makes baresip, as many phones, wait 30 s or more before trying again).
    for (const { extension, password } of credentials) await link.rpc('htable.sets', ['auth', extension, password]);
    const wanted = new Set(credentials.map((c) => c.extension));
    for (const name of namesIn(await link.rpc<unknown>('htable.dump', ['auth']))) {
      if (!wanted.has(name)) await link.rpc('htable.delete', ['auth', name]);
    }
    // From now on Kamailio answers REGISTERs (it holds them back until then: kamailio.cfg, route[REGISTRAR]).
    await link.rpc('htable.seti', ['state', 'provisioned', 1]);
  }

  async setCredentials(extension: string, password: string): Promise<void> {
    await this.requireLink().rpc('htable.sets', ['auth', extension, password]);
  }

  async removeCredentials(extension: string): Promise<void> {
    const link = this.requireLink();
    await link.rpc('htable.delete', ['auth', extension]);
    // No registration left: `ul.rm` answers an error when the extension had none.
    await link.rpc('ul.rm', ['location', extension]).catch(() => undefined);
  }

  async registrations(): Promise<Map<string, Registration>> {
    const dump = await this.requireLink().rpc<UlDump>('ul.dump');
    const registrations = new Map<string, Registration>();
    for (const domain of dump.Domains ?? []) {
      for (const aor of domain.Domain?.AoRs ?? []) {
        const extension = aor.Info?.AoR;
        const contacts = (aor.Info?.Contacts ?? []).map((c) => c.Contact ?? {}).filter((c) => c.Address && Number(c.Expires) > 0);
        if (!extension || contacts.length === 0) continue;
        registrations.set(extension, {
          extension,
          contacts: contacts.map((c) => c.Address!),
          expires: Math.max(...contacts.map((c) => Number(c.Expires))),
          transport: contacts[0].Socket?.split(':')[0],
          userAgent: contacts[0]['User-Agent'],
        });
      }
    }
    return registrations;
  }

  /** `handle`: `<tindex>:<tlabel>` of the suspended transaction; Kamailio resumes it whichever connection says so. */
  async route({ callId, handle }: PbxCall, decision: RouteDecision): Promise<void> {
    const [tindex, tlabel] = handle.split(':');
    if (!/^\d+$/.test(tindex ?? '') || !/^\d+$/.test(tlabel ?? '')) throw new Error(`bad PBX handle ${handle} of ${callId}`);
    this.requireLink().send({
      callId,
      tindex,
      tlabel,
      ...(decision.action === 'dial'
        ? { action: 'dial', target: decision.extension, ...(decision.ringTimeoutMs && { timeout: String(decision.ringTimeoutMs) }) }
        : decision.action === 'relay'
          ? { action: 'relay', target: decision.uri }
          : { action: 'reject', code: String(decision.code), reason: decision.reason }),
    });
    return Promise.resolve();
  }

  async checkConnection(target: PbxConnectionTarget): Promise<void> {
    const link = await EvapiLink.open(target.host, target.port, this.config.VOIP_PBX_TIMEOUT_MS, () => undefined);
    try {
      await link.rpc('core.version');
    } finally {
      link.close();
    }
  }

  private requireLink(): EvapiLink {
    if (!this.link) throw new Error('the PBX is not connected');
    return this.link;
  }

  private desiredTarget(): { host: string; port: number } | undefined {
    if (!this.settings.get<boolean>('VoIP_Enabled')) return undefined;
    const host = this.settings.get<string>('VoIP_Management_Server_Host').trim();
    const port = Number(this.settings.get<number>('VoIP_Management_Server_Port'));
    return host && port > 0 ? { host, port } : undefined;
  }

  /** Keeps the connection to whatever the settings name, until shutdown. */
  private async supervise(): Promise<void> {
    let backoff = this.config.VOIP_RECONNECT_MS;
    while (!this.stopped) {
      const target = this.desiredTarget();
      const key = target && `${target.host}:${target.port}`;
      if (this.link && key !== this.linkTarget) this.link.close();
      if (!this.link && target) {
        try {
          const link = await EvapiLink.open(target.host, target.port, this.config.VOIP_PBX_TIMEOUT_MS, (message) =>
            this.onMessage(message),
          );
          this.link = link;
          this.linkTarget = key;
          backoff = this.config.VOIP_RECONNECT_MS;
          void link.closed.then(() => this.onClosed(link));
          try {
            for (const listener of this.listeners) await listener.connecting?.();
          } catch (error) {
            this.logger.warn(`preparing Kamailio at ${key} failed: ${(error as Error).message}`);
            link.close();
            continue;
          }
          if (this.link !== link) continue;
          this.ready = true;
          this.logger.log(`connected to Kamailio at ${key}`);
          for (const listener of this.listeners) await listener.connected?.();
        } catch (error) {
          this.logger.warn(`Kamailio at ${key} unreachable: ${(error as Error).message}`);
          await this.sleep(backoff);
          backoff = Math.min(backoff * 2, 10_000);
          continue;
        }
      }
      await this.sleep(this.config.VOIP_RECONNECT_MS);
    }
  }

  private async onClosed(link: EvapiLink): Promise<void> {
    if (this.link !== link) return;
    const wasReady = this.ready;
    this.link = undefined;
    this.linkTarget = undefined;
    this.ready = false;
    this.logger.warn('lost the connection to Kamailio');
    this.wake?.();
    if (wasReady) for (const listener of this.listeners) await listener.disconnected?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private onMessage(message: KamailioMessage): void {
    const event = this.toEvent(message);
    if (!event) return;
    for (const listener of this.listeners) {
      Promise.resolve(listener.event?.(event)).catch((error: Error) =>
        this.logger.error(`PBX event ${event.type}: ${error.stack ?? error.message}`),
      );
    }
  }

  private toEvent(message: KamailioMessage): PbxEvent | undefined {
    const event = this.eventOf(message);
    return event && message.eid ? { ...event, id: message.eid } : event;
  }

  private eventOf(message: KamailioMessage): PbxEvent | undefined {
    const callId = message.callId ?? '';
    switch (message.event) {
      case 'invite':
        if (typeof message.tindex !== 'number' || typeof message.tlabel !== 'number') return undefined;
        return {
          type: 'offered',
          callId,
          handle: `${message.tindex}:${message.tlabel}`,
          from: message.from ?? '',
          fromName: message.fromName ?? '',
          to: message.to ?? '',
          fromAgent: message.agent === 1,
        };
      case 'reply':
        if (message.code === undefined) return undefined;
        if (message.code >= 200 && message.code < 300) return { type: 'answered', callId };
        return message.code === 180 || message.code === 183 ? { type: 'ringing', callId } : undefined;
      case 'failed':
        return { type: 'failed', callId, code: message.code ?? 0 };
      case 'requeue':
        if (typeof message.tindex !== 'number' || typeof message.tlabel !== 'number') return undefined;
        return { type: 'requeue', callId, handle: `${message.tindex}:${message.tlabel}`, code: message.code ?? 0 };
      case 'cancel':
        return { type: 'cancelled', callId };
      case 'bye':
        return { type: 'hangup', callId, by: message.from ?? '' };
      case 'hold':
      case 'unhold':
        return { type: message.event, callId, by: message.from ?? '' };
      case 'transfer':
        return { type: 'transfer', callId, by: message.from ?? '', to: message.to ?? '' };
      case 'refer-failed':
        return { type: 'transfer-refused', callId, code: message.code ?? 0 };
      case 'unreachable':
        return { type: 'unreachable', callId, extension: message.extension ?? '' };
      case 'gone':
        return { type: 'gone', callId };
      case 'registration':
        return message.extension ? { type: 'registration', extension: message.extension } : undefined;
      default:
        return undefined;
    }
  }
}
