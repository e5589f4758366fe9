import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { avatarCandidates, readDataUri } from './avatar-suggestions.js';

describe('avatar suggestions', () => {
  it("offers Gravatar's picture of each address, by the hash of the trimmed lower-case address, 404 when it has none", () => {
    const hash = createHash('md5').update('alice@example.com').digest('hex');
    expect(avatarCandidates({ emails: [{ address: ' Alice@Example.COM ', verified: false }] })).toEqual([
      { service: 'gravatar', url: `https://s.gravatar.com/avatar/${hash}?default=404&size=200` },
    ]);
    expect(avatarCandidates({})).toEqual([]);
  });

  it('reads a picture as a data URI, and gives up on one longer than the limit without reading it all', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    expect(await readDataUri(Readable.from([png.subarray(0, 3), png.subarray(3)]), 'image/png', 1_000)).toBe(
      `data:image/png;base64,${png.toString('base64')}`,
    );
    let read = 0;
    const endless = new Readable({
      read() {
        read += 1;
        this.push(Buffer.alloc(1_000));
      },
    });
    expect(await readDataUri(endless, 'image/png', 10_000)).toBeUndefined();
    expect(read).toBeLessThan(20);
    expect(endless.destroyed).toBe(true);
  });
});
