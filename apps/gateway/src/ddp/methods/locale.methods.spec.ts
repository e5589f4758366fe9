import { describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode } from '@rc/contracts';
import { LocaleMethods } from './locale.methods.js';
import type { MethodRegistry } from './method-registry.js';

describe('loadLocale', () => {
  const locales = new LocaleMethods({ register: () => undefined } as unknown as MethodRegistry);

  it("answers moment's locale file, the region's or else the language's", async () => {
    expect(await locales.load('pt-BR')).toContain("defineLocale('pt-br'");
    expect(await locales.load('de-LU')).toContain("defineLocale('de'");
    expect(await locales.load('ZH-cn')).toContain("defineLocale('zh-cn'");
  });

  it('refuses a language moment lacks, and anything that is not a language tag, without reading it', async () => {
    for (const locale of ['xx', 'xx-yy', '../moment', 'de/../../package', '']) {
      await expect(locales.load(locale)).rejects.toEqual(new DomainError(ErrorCode.NotFound, `Moment locale not found: ${locale}`));
    }
  });
});
