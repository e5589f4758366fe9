import type { VoipAgent } from '@rc/models';
import type { QueueDefinition } from './queue-config.js';

export const LIVECHAT_AGENT = 'livechat-agent';

/** Omnichannel's rule for taking calls: an active `livechat-agent` whose `statusLivechat` is `available`. */
export function isAvailableAgent(agent: VoipAgent): boolean {
  return agent.active !== false && agent.roles.includes(LIVECHAT_AGENT) && agent.statusLivechat === 'available' && !!agent.extension;
}

/** The agents serving a queue, in the queue's member order (or by username when it lists none). */
export function queueMembers(queue: QueueDefinition, agents: VoipAgent[]): VoipAgent[] {
  const withExtension = agents.filter((agent) => agent.extension);
  if (!queue.members) return [...withExtension].sort((a, b) => a.username.localeCompare(b.username));
  const byExtension = new Map(withExtension.map((agent) => [agent.extension!, agent]));
  return queue.members.map((extension) => byExtension.get(extension)).filter((agent): agent is VoipAgent => agent !== undefined);
}

/**
 * Who takes the next call of a queue: among its members who are available, registered on the PBX and on no call
 * (one call at a time: a phone rings for one call) and not `skipped` (they let this call ring out a moment ago), the
 * one idle longest (never called first), ties by member order.
 */
export function chooseAgent(
  queue: QueueDefinition,
  agents: VoipAgent[],
  registered: ReadonlySet<string>,
  busy: ReadonlySet<string>,
  idleSince: ReadonlyMap<string, number>,
  skipped: ReadonlySet<string> = new Set(),
): VoipAgent | undefined {
  const candidates = queueMembers(queue, agents).filter(
    (agent) => isAvailableAgent(agent) && registered.has(agent.extension!) && !busy.has(agent._id) && !skipped.has(agent._id),
  );
  let best: VoipAgent | undefined;
  for (const agent of candidates) {
    if (!best || (idleSince.get(agent._id) ?? 0) < (idleSince.get(best._id) ?? 0)) best = agent;
  }
  return best;
}
