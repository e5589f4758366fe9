import { describe, expect, it } from '@jest/globals';
import { channelName, firstWord, username, usernames, withArt } from './command-params.js';

describe('slash command parameters', () => {
  it('reads room and user names with or without their sigil', () => {
    expect(channelName('#general')).toBe('general');
    expect(channelName(' dev ')).toBe('dev');
    expect(channelName(undefined)).toBe('');
    expect(username('@alice')).toBe('alice');
  });

  it('splits the first word from the rest of the text', () => {
    expect(firstWord('@bob  hello there ')).toEqual(['@bob', 'hello there']);
    expect(firstWord('@bob')).toEqual(['@bob', '']);
    expect(firstWord('')).toEqual(['', '']);
  });

  it('collects every username once, separated by spaces or commas', () => {
    expect(usernames('@a @b, @c,@a  d')).toEqual(['a', 'b', 'c', 'd']);
    expect(usernames('   ')).toEqual([]);
  });

  it('puts the art before or after the text, or alone', () => {
    expect(withArt('gimme', 'cake')).toBe('༼ つ ◕_◕ ༽つ cake');
    expect(withArt('tableflip', 'argh')).toBe('argh (╯°□°）╯︵ ┻━┻');
    expect(withArt('shrug', '')).toBe('¯\\\\_(ツ)_/¯');
  });
});
