import { describe, expect, it } from '@jest/globals';
import { fakeSettings } from '../testing/fake-services.js';
import { BadWordsService } from './bad-words.service.js';

describe('BadWordsService (Message_AllowBadWordsFilter)', () => {
  it('leaves the text alone while the filter is off (the default)', () => {
    expect(new BadWordsService(fakeSettings()).clean('what the hell')).toBe('what the hell');
  });

  it("masks the library's words and the listed ones, minus the whitelist", () => {
    const service = new BadWordsService(
      fakeSettings({ Message_AllowBadWordsFilter: true, Message_BadWordsFilterList: 'pineapple, kiwi', Message_BadWordsWhitelist: 'hell' }),
    );
    expect(service.clean('Pineapple and kiwi on pizza, hell no, shit')).toBe('********* and **** on pizza, hell no, ****');
  });
});
