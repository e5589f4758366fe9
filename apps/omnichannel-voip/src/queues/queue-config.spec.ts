import { parseQueues, ringTimeoutMs } from './queue-config.js';

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

  it('binds a queue to an omnichannel department', () => {
    expect(parseQueues('[{"name":"billing","number":"5003","department":"Billing"}]').queues).toEqual([
      { name: 'billing', number: '5003', department: 'Billing' },
    ]);
    expect(parseQueues('[{"name":"billing","number":"5003","department":""}]').queues).toEqual([]);
  });

  it('turns a bad value into no queue and a reason', () => {
    expect(parseQueues('[{')).toMatchObject({ queues: [], error: expect.stringContaining('not JSON') });
    expect(parseQueues('[{"name":"x","number":"50 00"}]')).toMatchObject({ queues: [], error: expect.stringContaining('VoIP_Queues') });
    expect(parseQueues('{"name":"x"}').queues).toEqual([]);
    expect(parseQueues('[{"name":"x","number":"5000","timeout":0}]')).toMatchObject({
      queues: [],
      error: expect.stringContaining('VoIP_Queues'),
    });
  });

  it("rings an agent for the queue's timeout, 30 s by default", () => {
    const [quick, plain] = parseQueues('[{"name":"q","number":"5002","timeout":2},{"name":"p","number":"5003"}]').queues;
    expect([ringTimeoutMs(quick), ringTimeoutMs(plain)]).toEqual([2_000, 30_000]);
  });
});
