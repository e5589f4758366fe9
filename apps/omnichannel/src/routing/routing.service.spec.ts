import { describe, expect, it } from '@jest/globals';
import type { ILivechatInquiry, ILivechatRoom } from '@rc/contracts';
import type { LivechatAgentDocument } from '@rc/models';
import { RoutingService } from './routing.service.js';

type Agent = LivechatAgentDocument & { livechatCount: number; lastRoutingTime?: Date };

/**
 * In-memory fakes of the repositories RoutingService uses, with the same conditional writes as MongoDB's
 * (`claim`: only a queued inquiry; `reserve`: only an available agent under the limit).
 */
function world(agents: Agent[], method = 'Auto_Selection', max = 0, departmentAgents: Record<string, string[]> = {}) {
  const inquiries = new Map<string, ILivechatInquiry>();
  const rooms = new Map<string, ILivechatRoom>();
  const served: Array<{ rid: string; agentId: string }> = [];
  /** What the widget hears on `stream-livechat-room`, in order. */
  const widget: Array<{ rid: string; agent: string | null }> = [];
  /** Runs when an inquiry is queued again (a test plays another instance's sweep there). */
  const hooks: { requeued?: () => Promise<unknown> } = {};
  const settings = {
    get: (id: string) => ({ Livechat_Routing_Method: method, Livechat_maximum_chats_per_agent: max, Livechat_show_agent_email: true })[id],
  };
  const agentsRepo = {
    findEligibleLivechatAgents: (ids: string[] | undefined, limit: number, count: number) =>
      Promise.resolve(
        agents
          .filter((a) => a.statusLivechat === 'available' && (!ids || ids.includes(a._id)) && (limit === 0 || a.livechatCount < limit))
          .sort((a, b) => (a.lastRoutingTime?.getTime() ?? 0) - (b.lastRoutingTime?.getTime() ?? 0))
          .slice(0, count),
      ),
    reserveLivechatSeat: (id: string, limit: number, now: Date) => {
      const agent = agents.find((a) => a._id === id && a.statusLivechat === 'available' && (limit === 0 || a.livechatCount < limit));
      if (!agent) return Promise.resolve(null);
      agent.livechatCount++;
      agent.lastRoutingTime = now;
      return Promise.resolve(agent);
    },
    releaseLivechatChat: (id: string) => {
      const agent = agents.find((a) => a._id === id)!;
      if (agent.livechatCount > 0) agent.livechatCount--;
      return Promise.resolve();
    },
    findLivechatAgentById: (id: string) => Promise.resolve(agents.find((a) => a._id === id) ?? null),
    countLivechatChat: (id: string) => {
      agents.find((a) => a._id === id)!.livechatCount++;
      return Promise.resolve();
    },
  };
  const inquiriesRepo = {
    claim: (id: string, agent: { agentId: string; username: string }) => {
      const inquiry = inquiries.get(id);
      if (!inquiry || inquiry.status !== 'queued') return Promise.resolve(null);
      Object.assign(inquiry, { status: 'taken', takenBy: agent });
      return Promise.resolve({ ...inquiry });
    },
    findById: (id: string) => Promise.resolve(inquiries.get(id) ?? null),
    findByRid: (rid: string) => Promise.resolve([...inquiries.values()].find((i) => i.rid === rid) ?? null),
    requeue: async (rid: string, department: string) => {
      const inquiry = [...inquiries.values()].find((i) => i.rid === rid)!;
      Object.assign(inquiry, { status: 'queued', department, takenBy: undefined });
      const copy = { ...inquiry };
      await hooks.requeued?.();
      return copy;
    },
    queued: () => Promise.resolve({ items: [...inquiries.values()].filter((i) => i.status === 'queued'), total: 0 }),
  };
  const roomsRepo = {
    setLivechatServedBy: (rid: string, agent: { _id: string; username: string }) => {
      const room = rooms.get(rid);
      if (!room?.open) return Promise.resolve(null);
      room.servedBy = { ...agent, ts: new Date() };
      served.push({ rid, agentId: agent._id });
      return Promise.resolve(room);
    },
    requeueLivechat: (rid: string, departmentId: string) => {
      const room = rooms.get(rid);
      if (!room?.open) return Promise.resolve(null);
      Object.assign(room, { departmentId, servedBy: undefined });
      return Promise.resolve({ ...room });
    },
    findLivechatById: (rid: string) => Promise.resolve(rooms.get(rid) ?? null),
  };
  const noop = () => Promise.resolve();
  const routing = new RoutingService(
    settings as never,
    inquiriesRepo as never,
    roomsRepo as never,
    agentsRepo as never,
    { findById: (id: string) => Promise.resolve({ _id: id, name: id }) } as never,
    { agentsOf: (d: string) => Promise.resolve((departmentAgents[d] ?? []).map((agentId) => ({ agentId }))) } as never,
    {
      ensureLivechatAgent: (room: ILivechatRoom) => Promise.resolve({ rid: room._id }),
      findByRoom: () => Promise.resolve([]),
      deleteOne: noop,
    } as never,
    { insertLivechat: (m: object) => Promise.resolve(m) } as never,
    {
      inquiry: noop,
      subscription: noop,
      message: noop,
      roomChanged: noop,
      room: (rid: string, payload: { type: string; data?: { _id: string } | null }) => {
        if (payload.type === 'agentData') widget.push({ rid, agent: payload.data?._id ?? null });
      },
      agentLeft: (rid: string) => {
        widget.push({ rid, agent: null });
        return Promise.resolve();
      },
    } as never,
  );
  const queue = (rid: string) => {
    const inquiry = {
      _id: `i-${rid}`,
      rid,
      status: 'queued',
      queuedAt: new Date(),
      v: { _id: 'v', username: 'v', token: 't' },
    } as ILivechatInquiry;
    inquiries.set(inquiry._id, inquiry);
    rooms.set(rid, { _id: rid, t: 'l', open: true } as ILivechatRoom);
    return inquiry;
  };
  return { routing, queue, served, inquiries, rooms, widget, hooks };
}

const agent = (id: string, available = true): Agent => ({
  _id: id,
  username: id,
  statusLivechat: available ? 'available' : 'not-available',
  livechatCount: 0,
});

describe('RoutingService', () => {
  it('Auto_Selection: round robin by last routing time, skipping unavailable agents', async () => {
    const agents = [agent('a'), agent('b'), agent('off', false)];
    const w = world(agents);
    for (const rid of ['r1', 'r2', 'r3', 'r4']) {
      expect(await w.routing.route(w.queue(rid))).toBe(true);
    }
    expect(w.served.map((s) => s.agentId)).toEqual(['a', 'b', 'a', 'b']);
    expect(agents.map((a) => a.livechatCount)).toEqual([2, 2, 0]);
  });

  it('respects Livechat_maximum_chats_per_agent: a full team leaves the inquiry queued', async () => {
    const agents = [agent('a')];
    const w = world(agents, 'Auto_Selection', 1);
    expect(await w.routing.route(w.queue('r1'))).toBe(true);
    const second = w.queue('r2');
    expect(await w.routing.route(second)).toBe(false);
    expect(w.inquiries.get(second._id)?.status).toBe('queued');
    expect(agents[0].livechatCount).toBe(1);
  });

  it('an inquiry routed twice at once is served once, and the loser gives its reserved seat back', async () => {
    const agents = [agent('a'), agent('b')];
    const w = world(agents);
    const inquiry = w.queue('r1');
    const results = await Promise.all([w.routing.route(inquiry), w.routing.route({ ...inquiry })]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(w.served).toHaveLength(1);
    expect(agents.reduce((sum, a) => sum + a.livechatCount, 0)).toBe(1);
  });

  it('Manual_Selection routes nothing; take() lets the first taker win and refuses the second', async () => {
    const agents = [agent('a'), agent('b')];
    const w = world(agents, 'Manual_Selection');
    const inquiry = w.queue('r1');
    expect(await w.routing.route(inquiry)).toBe(false);
    expect(await w.routing.routeQueue()).toBe(0);
    const taken = await Promise.allSettled([w.routing.take(inquiry._id, agents[0]), w.routing.take(inquiry._id, agents[1])]);
    expect(taken.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((taken[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'error-inquiry-taken' });
    expect(w.served).toEqual([{ rid: 'r1', agentId: 'a' }]);
  });

  it('take() refuses an agent who is not available', async () => {
    const w = world([], 'Manual_Selection');
    const inquiry = w.queue('r1');
    await expect(w.routing.take(inquiry._id, agent('z', false))).rejects.toMatchObject({ code: 'error-agent-status-service-offline' });
  });

  it('a transfer to a department tells the widget the agent left before it announces the next one, however fast a sweep routes it', async () => {
    const agents = [agent('a'), agent('b')];
    const w = world(agents, 'Auto_Selection', 0, { sales: ['a'], support: ['b'] });
    const inquiry = w.queue('r1');
    inquiry.department = 'sales';
    expect(await w.routing.route(inquiry)).toBe(true);
    expect(w.widget).toEqual([{ rid: 'r1', agent: 'a' }]);
    // Another instance's sweep routes the inquiry the moment it is queued again, before the transfer goes on.
    w.hooks.requeued = () => w.routing.routeQueue();
    await w.routing.forwardToDepartment(w.rooms.get('r1')!, 'support', { _id: 'a', username: 'a' });
    expect(w.served).toEqual([
      { rid: 'r1', agentId: 'a' },
      { rid: 'r1', agentId: 'b' },
    ]);
    // The last word the widget hears is the agent now serving the chat.
    expect(w.widget).toEqual([
      { rid: 'r1', agent: 'a' },
      { rid: 'r1', agent: null },
      { rid: 'r1', agent: 'b' },
    ]);
  });
});
