import { afterAll, beforeAll } from '@jest/globals';
import { LocalKamailio, SipPhone, waitFor } from '@rc/local-stack';
import mongoose from 'mongoose';
import { join } from 'node:path';
import type { RestClient } from '../../support/rest-client.js';
import type { StackFixture } from '../../support/stack.js';

export interface VoipQueue {
  name: string;
  number: string;
  members?: string[];
  timeout?: number;
  department?: string;
}

/** Calls not over yet (what `findLiveVoipCalls` counts). */
const LIVE = ['queued', 'ringing', 'answered', 'on-hold'];

/**
 * What the Omnichannel VoIP e2e files share: a real Kamailio (the shipped configuration) beside the file's stack, a
 * database connection to look at the `v` rooms, agents (users with `livechat-agent`, available), the VoIP settings
 * pointing at Kamailio, baresip phones (agents' registering with their extension's password, callers' not), and the
 * helpers to wait for a caller's room or an extension's state. Everything is set once the file's `beforeAll` ran.
 */
export class VoipBed {
  kamailio!: LocalKamailio;
  db!: mongoose.Connection;
  readonly phones: Record<string, SipPhone> = {};
  readonly agents: Record<string, { id: string; client: RestClient }> = {};

  constructor(private readonly t: StackFixture) {}

  /** Registers the file's `beforeAll` (Kamailio, the database, `setup`) and `afterAll` (phones and Kamailio stopped). */
  static use(t: StackFixture, setup: (bed: VoipBed) => Promise<void>): VoipBed {
    const bed = new VoipBed(t);
    beforeAll(async () => {
      bed.kamailio = await LocalKamailio.start({ logDir: bed.logDir, ringTimeoutMs: 15_000 });
      bed.db = await mongoose.createConnection(t.stack.mongoUrl).asPromise();
      await setup(bed);
    }, 120_000);
    afterAll(async () => {
      await Promise.all(Object.values(bed.phones).map((phone) => phone.stop()));
      await bed.kamailio?.stop();
      await bed.db?.close();
    });
    return bed;
  }

  get logDir(): string {
    return join(this.t.stack.logDir, 'voip');
  }

  get registrar(): string {
    return `127.0.0.1:${this.kamailio.sipPort}`;
  }

  async setSetting(id: string, value: unknown): Promise<void> {
    const { status, body } = await this.t.admin.post(`/api/v1/settings/${id}`, { value });
    if (status !== 200) throw new Error(`setting ${id}: ${status} ${JSON.stringify(body)}`);
  }

  /** Users (password `Agent-pass-1`, logged in); with `livechat-agent` unless `roles` says otherwise, available. */
  async createUsers(names: string[], roles: (name: string) => string[] = () => ['user', 'livechat-agent']): Promise<void> {
    for (const name of names) {
      const created = await this.t.admin.post('/api/v1/users.create', {
        username: name,
        email: `${name}@e2e.test`,
        name: `Agent ${name}`,
        password: 'Agent-pass-1',
        roles: roles(name),
      });
      if (created.status !== 200) throw new Error(`users.create ${name}: ${created.status} ${JSON.stringify(created.body)}`);
      this.agents[name] = { id: created.body.user._id, client: await this.t.api.login(name, 'Agent-pass-1') };
    }
    // Omnichannel's availability, as Rocket.Chat stores it on the user (the omnichannel app sets it through its routes).
    const agents = names.filter((name) => roles(name).includes('livechat-agent'));
    await this.db.collection('users').updateMany({ username: { $in: agents } }, { $set: { statusLivechat: 'available' } });
  }

  /** The queues and Kamailio's address in the settings, VoIP enabled. */
  async configure(queues: VoipQueue[]): Promise<void> {
    await this.setSetting('VoIP_Queues', JSON.stringify(queues));
    await this.setSetting('VoIP_Management_Server_Host', '127.0.0.1');
    await this.setSetting('VoIP_Management_Server_Port', this.kamailio.evapiPort);
    await this.setSetting('VoIP_Server_Websocket_Path', this.kamailio.websocketUrl);
    await this.setSetting('VoIP_Enabled', true);
  }

  /** An agent's phone registering `extension` with the password its agent's registration info gives (6.x route). */
  async agentPhone(extension: string, agent: string, password?: string): Promise<SipPhone> {
    if (password === undefined) {
      const { id, client } = this.agents[agent];
      password = (await client.get('/api/v1/connector.extension.getRegistrationInfoByUserId', { id })).body.extensionDetails.password;
    }
    return (this.phones[extension] = await SipPhone.start({ user: extension, registrar: this.registrar, logDir: this.logDir, password }));
  }

  /** Callers come from outside: they only dial (and answer). */
  async callerPhones(numbers: string[]): Promise<void> {
    for (const user of numbers) {
      this.phones[user] = await SipPhone.start({ user, registrar: this.registrar, logDir: this.logDir, register: false });
    }
  }

  async extensionStates(): Promise<Record<string, string>> {
    const { body } = await this.t.admin.get('/api/v1/connector.extension.list');
    return Object.fromEntries(((body.extensions ?? []) as Array<{ extension: string; state: string }>).map((e) => [e.extension, e.state]));
  }

  waitForState(extension: string, state: string, timeoutMs = 15_000): Promise<void> {
    return waitFor(async () => (await this.extensionStates())[extension] === state, { timeoutMs, describe: () => `${extension} ${state}` });
  }

  /** The caller's latest `v` room. */
  async roomOfCaller(caller: string): Promise<any> {
    return (await this.db.collection('rocketchat_room').find({ t: 'v', 'v.phone': caller }).sort({ ts: -1 }).limit(1).toArray())[0];
  }

  async waitForRoom(caller: string, status: string): Promise<any> {
    await waitFor(async () => (await this.roomOfCaller(caller))?.callStatus === status, {
      timeoutMs: 15_000,
      describe: () => `${caller}'s call to be ${status}`,
    });
    return this.roomOfCaller(caller);
  }

  async eventsOf(callId: string): Promise<string[]> {
    return (await this.db.collection('pbx_events').find({ callUniqueId: callId }).sort({ ts: 1 }).toArray()).map((e) => e.event as string);
  }

  async messageTypes(rid: string): Promise<string[]> {
    return (await this.db.collection('rocketchat_message').find({ rid }).sort({ ts: 1 }).toArray()).map((m) => `${m.t}:${m.u.username}`);
  }

  async summary(queue: string): Promise<Record<string, number | string>> {
    const { body } = await this.t.admin.get('/api/v1/voip/queues.getSummary');
    return (body.summary as Array<Record<string, number | string>>).find((q) => q.name === queue)!;
  }

  /**
   * A clean start for the next case, whatever the previous one left (it may have failed half-way): no phone in a
   * call, no call going on, every agent's line free. The phones hang up what they still have and the service ends
   * those calls from the PBX's events. A call the service still shows as going on 10 s later (a failed case's
   * leftover that no PBX event will end) is ended here, with a warning, so that it fails no other case.
   */
  async settle(): Promise<void> {
    await Promise.all(Object.values(this.phones).map((phone) => phone.hangupAll()));
    const rooms = this.db.collection('rocketchat_room');
    const lines = this.db.collection('voip_agent_lines');
    const clean = async () =>
      (await rooms.countDocuments({ t: 'v', callStatus: { $in: LIVE } })) === 0 &&
      (await lines.countDocuments({ callId: { $ne: null } })) === 0;
    try {
      await waitFor(clean, { timeoutMs: 10_000, describe: () => 'no call going on' });
    } catch {
      const left = await rooms.find({ t: 'v', callStatus: { $in: LIVE } }, { projection: { callStatus: 1, 'v.phone': 1 } }).toArray();
      console.warn(`VoIP test: ending what an earlier case left: ${JSON.stringify(left)}`);
      await rooms.updateMany(
        { t: 'v', callStatus: { $in: LIVE } },
        { $set: { callStatus: 'ended', callEndedBy: 'system', callEndedAt: new Date() }, $unset: { callTransfer: 1, callLegEnded: 1 } },
      );
      await lines.updateMany({ callId: { $ne: null } }, { $set: { callId: null } });
    }
  }
}
