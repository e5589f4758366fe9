import { DomainError, ErrorCode, type ILivechatCustomField } from '@rc/contracts';

type FieldRule = Pick<ILivechatCustomField, '_id'> & Partial<Pick<ILivechatCustomField, 'label' | 'regexp' | 'required'>>;

const invalidValue = (field: FieldRule) =>
  new DomainError(ErrorCode.InvalidCustomFieldValue, `Invalid value for ${field.label || field._id} field`, { field: field._id });

/**
 * Rocket.Chat's `validateCustomFields`: the values of the workspace's visitor custom fields, trimmed; a required
 * field missing or empty, or a value not matching the field's `regexp`, is an error (or skipped with
 * `ignoreValidationErrors`); a key naming no field is an error unless `ignoreAdditionalFields`.
 */
export function validateCustomFields(
  allowed: FieldRule[],
  values: Record<string, unknown>,
  { ignoreAdditionalFields = false, ignoreValidationErrors = false } = {},
): Record<string, unknown> {
  const valid: Record<string, unknown> = {};
  for (const field of allowed) {
    const raw = Object.prototype.hasOwnProperty.call(values, field._id) ? values[field._id] : undefined;
    const value = typeof raw === 'string' ? raw.trim() : undefined;
    if (!value) {
      if (field.required && !ignoreValidationErrors) throw invalidValue(field);
      continue;
    }
    if (field.regexp && !matchesPattern(field.regexp, value)) {
      if (ignoreValidationErrors) continue;
      throw invalidValue(field);
    }
    valid[field._id] = value;
  }
  if (!ignoreAdditionalFields) {
    const ids = new Set(allowed.map((f) => f._id));
    const extra = Object.keys(values).find((key) => !ids.has(key));
    if (extra !== undefined) {
      throw new DomainError(ErrorCode.CustomFieldNotAllowed, `Custom field ${extra} is not allowed`, { key: extra });
    }
  }
  return valid;
}

/** A manager's pattern applied to a value; a pattern that does not compile matches nothing. */
export function matchesPattern(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}
