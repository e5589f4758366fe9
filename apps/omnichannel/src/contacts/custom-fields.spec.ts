import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@rc/contracts';
import { validateCustomFields } from './custom-fields.js';

const fields = [{ _id: 'company', label: 'Company', required: true }, { _id: 'cpf', label: 'CPF', regexp: '^\\d{3}$' }, { _id: 'note' }];

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : String(e);
  }
  return undefined;
};

describe('validateCustomFields (Rocket.Chat 7 contacts)', () => {
  it('keeps the defined fields, trimmed, and drops empty optional ones', () => {
    expect(validateCustomFields(fields, { company: '  Acme ', cpf: '123', note: '' })).toEqual({ company: 'Acme', cpf: '123' });
  });

  it.each([
    ['a required field missing', { cpf: '123' }, {}, 'error-invalid-custom-field-value'],
    ['a required field blank', { company: '   ' }, {}, 'error-invalid-custom-field-value'],
    ['a value not matching the pattern', { company: 'Acme', cpf: '12a' }, {}, 'error-invalid-custom-field-value'],
    ['a non-string value', { company: 42 }, {}, 'error-invalid-custom-field-value'],
    ['a key naming no field', { company: 'Acme', shoeSize: '42' }, {}, 'error-custom-field-not-allowed'],
  ])('refuses %s', (_case, values, options, code) => {
    expect(errorOf(() => validateCustomFields(fields, values, options))).toBe(code);
  });

  it('ignores unknown keys and invalid values when told to (a visitor becoming a contact)', () => {
    const options = { ignoreAdditionalFields: true, ignoreValidationErrors: true };
    expect(validateCustomFields(fields, { cpf: 'abc', shoeSize: '42', note: 'hi' }, options)).toEqual({ note: 'hi' });
  });

  it('treats a pattern that does not compile as matching nothing', () => {
    expect(errorOf(() => validateCustomFields([{ _id: 'x', regexp: '(' }], { x: 'y' }))).toBe('error-invalid-custom-field-value');
  });
});
