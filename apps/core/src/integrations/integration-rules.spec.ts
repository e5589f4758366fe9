import { describe, expect, it } from '@jest/globals';
import { incomingChannels, matchTriggerWord, outgoingChannels, outgoingUrls, retryInformation, retryWait } from './integration-rules.js';
import { isPublicAddress } from '@rc/platform';

describe('integration rules', () => {
  it('checks channels as Rocket.Chat does', () => {
    expect(incomingChannels('#general, @bob')).toEqual(['#general', '@bob']);
    expect(() => incomingChannels('general')).toThrow('Start with @ or #');
    expect(() => incomingChannels('  ')).toThrow('Invalid channel');
    expect(outgoingChannels('sendMessage', 'all_public_channels,#ops')).toEqual(['all_public_channels', '#ops']);
    expect(outgoingChannels('userCreated', undefined)).toEqual([]);
    expect(() => outgoingChannels('sendMessage', undefined)).toThrow('Invalid Channel');
  });

  it('keeps http(s) URLs only', () => {
    expect(outgoingUrls([' https://a.test/x ', ''])).toEqual(['https://a.test/x']);
    expect(() => outgoingUrls([])).toThrow('Invalid URLs');
    expect(() => outgoingUrls(['file:///etc/passwd'])).toThrow('Invalid URLs');
  });

  it('fills in the retry defaults and computes the waits', () => {
    expect(retryInformation({ retryFailedCalls: false, retryCount: 3 })).toEqual({ retryFailedCalls: false });
    expect(retryInformation({ retryFailedCalls: true, retryCount: '-1' })).toEqual({
      retryFailedCalls: true,
      retryCount: 4,
      retryDelay: 'powers-of-ten',
    });
    expect(() => retryInformation({ retryFailedCalls: true, retryDelay: 'never' })).toThrow('retryDelay');
    expect([0, 1, 2].map((tries) => retryWait('powers-of-ten', tries))).toEqual([100, 1000, 10000]);
    expect([0, 1].map((tries) => retryWait('powers-of-two', tries))).toEqual([2000, 4000]);
    expect([0, 1].map((tries) => retryWait('increments-of-two', tries))).toEqual([2000, 4000]);
  });

  it('matches trigger words at the start, or anywhere when asked', () => {
    expect(matchTriggerWord(['!deploy', '!rollback'], '!rollback now')).toBe('!rollback');
    expect(matchTriggerWord(['!deploy'], 'please !deploy')).toBeUndefined();
    expect(matchTriggerWord(['!deploy'], 'please !deploy', true)).toBe('!deploy');
    expect(matchTriggerWord(undefined, 'anything')).toBe('');
  });

  it('tells public addresses from loopback, private, link-local and the like', () => {
    for (const address of ['8.8.8.8', '2606:4700::1111']) expect(isPublicAddress(address)).toBe(true);
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '100.64.0.1',
      'not-an-ip',
    ]) {
      expect([address, isPublicAddress(address)]).toEqual([address, false]);
    }
  });
});
