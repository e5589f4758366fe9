import { Injectable } from '@nestjs/common';
import { settingsListPublic } from '@rc/contracts';
import { ReadinessRollCall, RpcClient, type InstanceReadiness } from '@rc/platform';
import { COMPATIBLE_VERSION } from '../rest/info/server-info.js';
import type { FrontPageView } from './front-page.html.js';

/** The apps of a deployment, each shown even when none of its instances answers. */
const SERVICES = ['gateway', 'accounts', 'authorization', 'presence', 'core', 'stream-hub'];
/** How long the roll call waits for answers: above an instance's readiness checks' own 1.5 s limit. */
const ROLL_CALL_WINDOW_MS = 1_800;
/** One roll call serves every page view for this long, so page views cannot make every instance work. */
const ROLL_CALL_REUSE_MS = 5_000;

/** What the front page shows, gathered over NATS: the site name (a public setting) and every instance's readiness. */
@Injectable()
export class FrontPageService {
  private rollCall?: { at: number; answers: Promise<InstanceReadiness[]> };

  constructor(
    private readonly rpc: RpcClient,
    private readonly readiness: ReadinessRollCall,
  ) {}

  async view(serverUrl: string): Promise<FrontPageView> {
    const [siteName, answers] = await Promise.all([this.siteName(), this.answers()]);
    return {
      siteName,
      version: COMPATIBLE_VERSION.replace(/^(\d+\.\d+).*/, '$1'),
      serverUrl,
      services: SERVICES.map((name) => {
        const instances = answers.filter((answer) => answer.service === name);
        return { name, instances: instances.length, ready: instances.filter((answer) => answer.ready).length };
      }),
    };
  }

  /** `Site_Name` (a public setting); Rocket.Chat's name when core does not answer. */
  async siteName(): Promise<string> {
    try {
      const { items } = await this.rpc.request(
        settingsListPublic,
        { query: { _id: 'Site_Name' }, offset: 0, count: 1 },
        { timeoutMs: 2_000 },
      );
      const name = items[0]?.value;
      return typeof name === 'string' && name ? name : 'Rocket.Chat';
    } catch {
      // core does not answer: the page still shows, and its table says so.
      return 'Rocket.Chat';
    }
  }

  private answers(): Promise<InstanceReadiness[]> {
    if (!this.rollCall || Date.now() - this.rollCall.at > ROLL_CALL_REUSE_MS) {
      this.rollCall = { at: Date.now(), answers: this.readiness.collect(ROLL_CALL_WINDOW_MS).catch(() => []) };
    }
    return this.rollCall.answers;
  }
}
