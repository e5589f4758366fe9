import { parseQueues } from './queue-config.js';

describe('parseQueues', () => {
  it('reads the queues, members optional', () => {
    expect(parseQueues('[{"name":"support","number":"5000","members":["1001"]},{"name":"sales","number":"5001"}]')).toEqual({
      queues: [
        { name: 'support', number: '5000', members: ['1001'] },
        { name: 'sales', number: '5001' },
      ],
    });
    expect(parseQueues('')).toEqual({ queues: [] });
  });

  it('turns a bad value into no queue and a reason', () => {
    expect(parseQueues('[{')).toMatchObject({ queues: [], error: expect.stringContaining('not JSON') });
    expect(parseQueues('[{"name":"x","number":"50 00"}]')).toMatchObject({ queues: [], error: expect.stringContaining('VoIP_Queues') });
    expect(parseQueues('{"name":"x"}').queues).toEqual([]);
  });
});
