import { describe, expect, it } from '@jest/globals';
import { directMessageNames, renameMentionsInText } from './renamed-references.js';

describe('renamed references', () => {
  it('renames whole mentions of a username, in any case, and nothing else', () => {
    expect(renameMentionsInText('hi @ann and @ANN, not @anna or @ann.b or ann', 'ann', 'zoe')).toBe(
      'hi @zoe and @zoe, not @anna or @ann.b or ann',
    );
    expect(renameMentionsInText('@a.b+c', 'a.b+c', 'x')).toBe('@x');
    expect(renameMentionsInText('@axb', 'a.b', 'x')).toBe('@axb');
  });

  it('names a direct message by the other members, sorted by display name', () => {
    expect(directMessageNames([{ username: 'zed', name: 'Ann' }])).toEqual({ name: 'zed', fname: 'Ann' });
    expect(directMessageNames([{ username: 'bob' }, { username: 'al', name: 'Zoe' }])).toEqual({ name: 'bob, al', fname: 'bob, Zoe' });
  });
});
