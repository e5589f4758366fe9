import { describe, expect, it } from '@jest/globals';
import type { Model } from 'mongoose';
import type { IMessage } from '@rc/contracts';
import { MemberWorkRepository } from './member-work.js';

describe('MemberWorkRepository.removeMany', () => {
  it('removes the records 50 a command, each command after the one before is answered', async () => {
    const commands: string[][] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const messages = {
      updateMany: (filter: { _id: { $in: string[] } }, update: unknown, options: unknown) => {
        expect(update).toEqual({ $unset: { _memberWork: 1 } });
        expect(options).toEqual({ timestamps: false });
        commands.push(filter._id.$in);
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        const answered = () => {
          inFlight--;
        };
        return { exec: () => new Promise<void>((resolve) => setImmediate(resolve)).then(answered) };
      },
    } as unknown as Model<IMessage>;
    const ids = Array.from({ length: 120 }, (_, i) => `m${i}`);

    await new MemberWorkRepository(messages).removeMany(ids);

    expect(commands.map((chunk) => chunk.length)).toEqual([50, 50, 20]);
    expect(commands.flat()).toEqual(ids);
    expect(mostInFlight).toBe(1);
  });

  it('sends nothing for no records', async () => {
    let commands = 0;
    const messages = { updateMany: () => ++commands } as unknown as Model<IMessage>;
    await new MemberWorkRepository(messages).removeMany([]);
    expect(commands).toBe(0);
  });
});
