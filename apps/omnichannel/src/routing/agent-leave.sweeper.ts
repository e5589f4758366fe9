import { Injectable } from '@nestjs/common';
import { RoomsRepository, UsersRepository } from '@rc/models';
import { InjectConfig, PeriodicTask } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import { AgentsService } from '../agents/agents.service.js';
import type { OmnichannelConfig } from '../omnichannel.env.js';
import { RoutingService } from './routing.service.js';

/**
 * Rocket.Chat's `Livechat_agent_leave_action`: an agent serving chats who stays disconnected (presence's
 * `status: offline`) for `Livechat_agent_leave_action_timeout` seconds has their open chats forwarded back to the
 * queue (`forward`) or closed with `Livechat_agent_leave_comment` (`close`); `none` leaves them. Each instance
 * notes when it first saw an agent offline; the write that acts is conditional, so only one instance acts.
 */
@Injectable()
export class AgentLeaveSweeper extends PeriodicTask {
  protected readonly intervalMs: number;
  private readonly offlineSince = new Map<string, number>();

  constructor(
    private readonly settings: SettingsCache,
    private readonly rooms: RoomsRepository,
    private readonly users: UsersRepository,
    private readonly routing: RoutingService,
    private readonly agentsService: AgentsService,
    @InjectConfig() config: OmnichannelConfig,
  ) {
    super();
    this.intervalMs = config.OMNICHANNEL_ROUTING_INTERVAL_MS;
  }

  protected async runOnce(): Promise<void> {
    const action = this.settings.get<string>('Livechat_agent_leave_action');
    if (action !== 'forward' && action !== 'close') {
      this.offlineSince.clear();
      return;
    }
    const timeoutMs = Number(this.settings.get<number>('Livechat_agent_leave_action_timeout') ?? 60) * 1000;
    const offline = new Set(await this.users.findOfflineIds(await this.rooms.findLivechatServingAgentIds()));
    for (const id of this.offlineSince.keys()) if (!offline.has(id)) this.offlineSince.delete(id);
    const now = Date.now();
    for (const agentId of offline) {
      const since = this.offlineSince.get(agentId) ?? now;
      this.offlineSince.set(agentId, since);
      if (now - since < timeoutMs) continue;
      for (const room of await this.rooms.findOpenLivechatServedBy(agentId)) {
        if (action === 'forward') await this.routing.requeueFromAgent(room, agentId);
        else {
          const comment = this.settings.get<string>('Livechat_agent_leave_comment') || 'Agent disconnected';
          const closedBy = { _id: agentId, username: room.servedBy?.username ?? '' };
          await this.agentsService.close(room, { closer: 'user', closedBy }, comment).catch(() => undefined);
        }
      }
      this.offlineSince.delete(agentId);
    }
  }
}
