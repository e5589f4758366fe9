import { describe, expect, it } from '@jest/globals';
import { convertEnvironmentValue, environmentOverrides } from './environment.js';
import { ALL_SETTINGS, mergeSettings, ROCKETCHAT_SETTINGS } from './registry.js';
import { seedDocuments } from './seed-documents.js';

describe("settings from the environment (Rocket.Chat's convertValue)", () => {
  it.each([
    ['TRUE', 'string', true],
    ['false', 'int', false],
    ['42', 'int', 42],
    ['4x', 'int', 4],
    ['x', 'int', undefined],
    ['["a","b"]', 'multiSelect', ['a', 'b']],
    ['[oops', 'multiSelect', undefined],
    ['hello', 'string', 'hello'],
  ] as const)('%s as %s', (raw, type, expected) => {
    expect(convertEnvironmentValue(raw, type)).toEqual(expected);
  });

  it('forces OVERWRITE_SETTING_<id>, starts with <id>, blocks and hides listed ids, ignores unknown ids', () => {
    const env = environmentOverrides(ALL_SETTINGS, {
      OVERWRITE_SETTING_Site_Name: 'Forced',
      Message_MaxAllowedSize: '10',
      OVERWRITE_SETTING_No_Such: 'x',
      SETTINGS_BLOCKED: 'E2E_Enable, Site_Url',
      SETTINGS_HIDDEN: 'Language',
    });
    expect([...env.overwrite]).toEqual([['Site_Name', 'Forced']]);
    expect([...env.initial]).toEqual([['Message_MaxAllowedSize', 10]]);
    const { documents, forced } = seedDocuments(ALL_SETTINGS, env);
    const doc = (id: string) => documents.find((d) => d.metadata._id === id)!;
    expect(doc('Site_Name').insert).toMatchObject({ value: 'Forced', valueSource: 'processEnvValue' });
    expect(doc('Message_MaxAllowedSize').insert).toMatchObject({ value: 10, processEnvValue: 10 });
    expect(doc('E2E_Enable').metadata).toMatchObject({ blocked: true, packageValue: false });
    expect(doc('Language').metadata).toMatchObject({ hidden: true });
    expect(forced).toEqual([{ _id: 'Site_Name', value: 'Forced' }]);
  });

  it('generates install-time values instead of fixed ones', () => {
    const { documents } = seedDocuments(ALL_SETTINGS, environmentOverrides(ALL_SETTINGS, {}));
    const uniqueID = documents.find((d) => d.metadata._id === 'uniqueID')!;
    expect(uniqueID.insert.value).toMatch(/^[0-9a-f-]{36}$/);
    expect(uniqueID.metadata).not.toHaveProperty('generated');
  });
});

describe('the registry', () => {
  it("holds Rocket.Chat's settings, overridden key by key by the hand-written definitions", () => {
    expect(ROCKETCHAT_SETTINGS.length).toBeGreaterThan(900);
    const merged = mergeSettings(
      [{ _id: 'A', type: 'int', packageValue: 1, public: true, group: 'G', i18nLabel: 'A_Label', enterprise: false }],
      [
        { _id: 'A', type: 'int', packageValue: 2, public: false },
        { _id: 'B', type: 'string', packageValue: '', public: true },
      ],
    );
    expect(merged).toEqual([
      { _id: 'A', type: 'int', packageValue: 2, public: false, group: 'G', i18nLabel: 'A_Label', enterprise: false },
      expect.objectContaining({ _id: 'B', i18nLabel: 'B', i18nDescription: 'B_Description', hidden: false, blocked: false }),
    ]);
    expect(new Set(ALL_SETTINGS.map((s) => s._id)).size).toBe(ALL_SETTINGS.length);
  });
});
