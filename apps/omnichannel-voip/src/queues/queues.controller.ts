import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { voipQueueMembership, voipQueuedCalls, voipQueuesSummary, type IQueueSummary, type RpcParsedRequest } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { RpcHandler } from '@rc/platform';
import { VoipCallsService } from '../calls/voip-calls.service.js';
import { ExtensionsService } from '../extensions/extensions.service.js';
import { isAvailableAgent, queueMembers } from './agent-selection.js';

const seconds = (ms: number) => Math.round(ms / 1000);

/** Queues with their members and waiting callers (`voip/queues.*`; any logged-in user, as Rocket.Chat). */
@Controller()
export class QueuesController {
  constructor(
    private readonly calls: VoipCallsService,
    private readonly users: UsersRepository,
    private readonly extensions: ExtensionsService,
  ) {}

  @RpcHandler(voipQueuesSummary)
  async summary(@Payload() _request: RpcParsedRequest<typeof voipQueuesSummary>): Promise<{ summary: IQueueSummary[] }> {
    const [agents, registrations] = await Promise.all([this.users.findWithExtensions(), this.extensions.registrations()]);
    const busy = await this.calls.busyAgents();
    const now = Date.now();
    const summary = await Promise.all(
      this.calls.queues().map(async (queue) => {
        const members = queueMembers(queue, agents);
        const loggedIn = members.filter((agent) => registrations?.has(agent.extension!));
        const [waiting, stats] = await Promise.all([this.calls.waitingCalls(queue.name), this.calls.queueStats(queue.name)]);
        return {
          name: queue.name,
          number: queue.number,
          loggedin: loggedIn.length,
          available: loggedIn.filter((agent) => isAvailableAgent(agent) && !busy.has(agent._id)).length,
          callers: waiting.length,
          holdtime: stats.answered ? seconds(stats.totalWaitMs / stats.answered) : 0,
          talktime: stats.ended ? seconds(stats.totalTalkMs / stats.ended) : 0,
          longestholdtime: waiting.length ? seconds(now - Math.min(...waiting.map((call) => call.arrivedAt))) : 0,
        };
      }),
    );
    return { summary };
  }

  @RpcHandler(voipQueuedCalls)
  async queuedCalls(@Payload() { extension }: RpcParsedRequest<typeof voipQueuedCalls>) {
    const queues = await this.queuesOf(extension);
    const waiting = await Promise.all(queues.map((queue) => this.calls.waitingCalls(queue.name)));
    return { queueCount: queues.length, callWaitingCount: waiting.reduce((sum, calls) => sum + calls.length, 0) };
  }

  @RpcHandler(voipQueueMembership)
  async membership(@Payload() { extension }: RpcParsedRequest<typeof voipQueueMembership>) {
    const agents = await this.users.findWithExtensions();
    const queues = (await this.queuesOf(extension)).map((queue) => ({
      name: queue.name,
      number: queue.number,
      members: queueMembers(queue, agents).map((agent) => agent.extension!),
    }));
    return { queues, extension };
  }

  private async queuesOf(extension: string) {
    const agents = await this.users.findWithExtensions();
    return this.calls.queues().filter((queue) => queueMembers(queue, agents).some((agent) => agent.extension === extension));
  }
}
