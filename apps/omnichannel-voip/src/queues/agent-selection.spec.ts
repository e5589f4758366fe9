import type { VoipAgent } from '@rc/models';
import { chooseAgent, queueMembers } from './agent-selection.js';

const agent = (id: string, extension: string, extra: Partial<VoipAgent> = {}): VoipAgent => ({
  _id: id,
  username: id,
  roles: ['user', 'livechat-agent'],
  statusLivechat: 'available',
  extension,
  ...extra,
});

describe('agent selection', () => {
  const queue = { name: 'support', number: '5000', members: ['1002', '1001', '1003'] };
  const agents = [agent('a1', '1001'), agent('a2', '1002'), agent('a3', '1003')];
  const registered = new Set(['1001', '1002', '1003']);

  it('keeps the queue member order', () => {
    expect(queueMembers(queue, agents).map((a) => a._id)).toEqual(['a2', 'a1', 'a3']);
    expect(queueMembers({ name: 'all', number: '5001' }, agents).map((a) => a._id)).toEqual(['a1', 'a2', 'a3']);
  });

  it('takes the first member free, then the one idle longest', () => {
    expect(chooseAgent(queue, agents, registered, new Set(), new Map())?._id).toBe('a2');
    expect(chooseAgent(queue, agents, registered, new Set(['a2']), new Map())?._id).toBe('a1');
    expect(
      chooseAgent(
        queue,
        agents,
        registered,
        new Set(),
        new Map([
          ['a2', 5],
          ['a1', 3],
          ['a3', 4],
        ]),
      )?._id,
    ).toBe('a1');
  });

  it('skips agents not available, without the role, unregistered or busy', () => {
    const others = [
      agent('a1', '1001', { statusLivechat: 'not-available' }),
      agent('a2', '1002', { roles: ['user'] }),
      agent('a3', '1003', { active: false }),
    ];
    expect(chooseAgent(queue, others, registered, new Set(), new Map())).toBeUndefined();
    expect(chooseAgent(queue, agents, new Set(['1003']), new Set(['a3']), new Map())).toBeUndefined();
    expect(chooseAgent(queue, agents, new Set(['1003']), new Set(), new Map())?._id).toBe('a3');
  });

  it('skips an agent who let this call ring out', () => {
    expect(chooseAgent(queue, agents, registered, new Set(), new Map(), new Set(['a2']))?._id).toBe('a1');
    expect(chooseAgent(queue, agents, registered, new Set(['a1', 'a3']), new Map(), new Set(['a2']))).toBeUndefined();
  });
});
