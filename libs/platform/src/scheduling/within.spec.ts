import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { within } from './within.js';

describe('within', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('gives the outcome of a promise that settles in time', async () => {
    await expect(within(Promise.resolve('on time'), 100, () => 'late')).resolves.toBe('on time');
    await expect(within(Promise.reject(new Error('refused')), 100, () => 'late')).rejects.toThrow('refused');
  });

  it("gives late()'s outcome once the time is up, whatever the promise does after", async () => {
    let settle!: (value: string) => void;
    const slow = new Promise<string>((resolve) => (settle = resolve));
    const answer = within(slow, 100, () => 'late');
    await jest.advanceTimersByTimeAsync(100);
    settle('too late');
    await expect(answer).resolves.toBe('late');
    const refused = within(new Promise(() => undefined), 50, () => Promise.reject(new Error('no answer in time')));
    const caught = expect(refused).rejects.toThrow('no answer in time');
    await jest.advanceTimersByTimeAsync(50);
    await caught;
  });

  it('leaves no timer behind', async () => {
    await within(Promise.resolve(1), 10_000, () => 0);
    expect(jest.getTimerCount()).toBe(0);
  });
});
