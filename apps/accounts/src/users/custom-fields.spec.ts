import { describe, expect, it } from '@jest/globals';
import { customFieldsUpdate } from './custom-fields.js';

const SETTING = JSON.stringify({
  role: { type: 'select', defaultValue: 'student', options: ['teacher', 'student'], required: true },
  twitter: { type: 'text', required: true, minLength: 2, maxLength: 10 },
  team: { type: 'text', modifyRecordField: { array: true, field: 'teams' } },
});

describe('customFieldsUpdate (Accounts_CustomFields)', () => {
  it('keeps nothing while no field is configured, whatever is sent', () => {
    expect(customFieldsUpdate('', { anything: 'x' })).toBeUndefined();
    expect(customFieldsUpdate('  ', { anything: 'x' })).toBeUndefined();
  });

  it('keeps the configured fields only, and copies one to the record where modifyRecordField says', () => {
    expect(customFieldsUpdate(SETTING, { role: 'teacher', twitter: '@rc', team: 'blue', other: 'dropped' })).toEqual({
      set: { 'customFields.role': 'teacher', 'customFields.twitter': '@rc', 'customFields.team': 'blue' },
      addToSet: { teams: 'blue' },
    });
  });

  it.each([
    [{ role: 'teacher' }, 'Field twitter is required'],
    [{ role: 'teacher', twitter: '   ' }, 'Field twitter is required'],
    [{ role: 'janitor', twitter: '@rc' }, 'Value for field role is invalid'],
    [{ role: 'teacher', twitter: '0' }, 'Min length of field twitter 2'],
    [{ role: 'teacher', twitter: '0123456789-0' }, 'Max length of field twitter 10'],
  ])('refuses %j: %s', (given, reason) => {
    expect(() => customFieldsUpdate(SETTING, given)).toThrow(`${reason} [error-user-registration-custom-field]`);
  });

  it('refuses everything while the setting is not JSON', () => {
    expect(() => customFieldsUpdate('{nope', {})).toThrow('Invalid JSON for Custom Fields [error-invalid-customfield-json]');
  });

  it('never copies to the credentials or the id', () => {
    const setting = JSON.stringify({
      a: { modifyRecordField: { field: 'services.password' } },
      b: { modifyRecordField: { field: '_id' } },
    });
    expect(customFieldsUpdate(setting, { a: 'x', b: 'y' })).toEqual({
      set: { 'customFields.a': 'x', 'customFields.b': 'y' },
      addToSet: {},
    });
  });
});
