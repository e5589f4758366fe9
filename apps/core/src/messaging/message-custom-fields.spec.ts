import { describe, expect, it } from '@jest/globals';
import type { SettingsCache } from '@rc/settings';
import { assertMessageCustomFields } from './message-custom-fields.js';

/** Rocket.Chat's default `Message_CustomFields`: a required `priority` among three values. */
const DEFAULT_SCHEMA =
  '{"properties":{"priority":{"type":"string","nullable":false,"enum":["low","medium","high"]}},"required":["priority"]}';
const settings = (values: Record<string, unknown>) => ({ get: (id: string) => values[id] }) as unknown as SettingsCache;

describe('assertMessageCustomFields (Message_CustomFields_Enabled, Message_CustomFields)', () => {
  it('lets messages without custom fields through, enabled or not', () => {
    expect(() => assertMessageCustomFields(undefined, settings({}))).not.toThrow();
  });

  it('refuses custom fields while they are not enabled', () => {
    expect(() => assertMessageCustomFields({ priority: 'low' }, settings({ Message_CustomFields_Enabled: false }))).toThrow(
      'Custom fields not enabled [invalid-params]',
    );
  });

  it('checks them against the schema, other keys refused', () => {
    const on = settings({ Message_CustomFields_Enabled: true, Message_CustomFields: DEFAULT_SCHEMA });
    expect(() => assertMessageCustomFields({ priority: 'high' }, on)).not.toThrow();
    for (const wrong of [{}, { priority: 'urgent' }, { priority: 'low', other: 1 }]) {
      expect(() => assertMessageCustomFields(wrong, on)).toThrow('Invalid custom fields [invalid-params]');
    }
  });

  it('follows a changed schema', () => {
    const schema = '{"properties":{"ticket":{"type":"number"}}}';
    const on = settings({ Message_CustomFields_Enabled: true, Message_CustomFields: schema });
    expect(() => assertMessageCustomFields({ ticket: 42 }, on)).not.toThrow();
    expect(() => assertMessageCustomFields({ priority: 'high' }, on)).toThrow('Invalid custom fields');
  });

  it('refuses everything while the schema is not JSON', () => {
    const broken = settings({ Message_CustomFields_Enabled: true, Message_CustomFields: '{nope' });
    expect(() => assertMessageCustomFields({ a: 1 }, broken)).toThrow('[error-invalid-customfield-json]');
  });
});
