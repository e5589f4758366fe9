import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@rc/contracts';
import { SettingsCache } from '@rc/settings';

/** One field of `Accounts_CustomFields` as Rocket.Chat's administrators write it. */
interface CustomFieldMeta {
  type?: string;
  required?: boolean;
  options?: unknown[];
  minLength?: number;
  maxLength?: number;
  defaultValue?: unknown;
  /** Also copy the value to a field of the user document (`array`: added to an array field). */
  modifyRecordField?: { field?: string; array?: boolean };
}

/** What a user's custom fields change in the user document. */
export interface CustomFieldsUpdate {
  readonly set: Record<string, unknown>;
  readonly addToSet: Record<string, unknown>;
}

const invalid = (reason: string) => new DomainError(ErrorCode.CustomFieldInvalid, reason, { method: 'registerUser' });

/** Rocket.Chat's `trim` of a value that may be anything (lodash's `toString` first). */
const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value).trim() : '';

/** Parses `Accounts_CustomFields`: `undefined` when it is empty (no fields configured). */
export function parseCustomFieldsSetting(setting: string | undefined): Record<string, CustomFieldMeta> | undefined {
  if (!setting?.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(setting);
  } catch {
    throw new DomainError(ErrorCode.CustomFieldsJsonInvalid, 'Invalid JSON for Custom Fields');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DomainError(ErrorCode.CustomFieldsJsonInvalid, 'Invalid JSON for Custom Fields');
  }
  return parsed as Record<string, CustomFieldMeta>;
}

/**
 * Rocket.Chat's `validateCustomFields` then `saveCustomFieldsWithoutValidation`: with no fields configured
 * nothing is kept (`undefined`); otherwise every configured field is checked against what was given (required,
 * a select's options, `minLength`/`maxLength`, in Rocket.Chat's words), and only configured fields are kept,
 * each also copied where its `modifyRecordField` says.
 */
export function customFieldsUpdate(setting: string | undefined, given: Record<string, unknown>): CustomFieldsUpdate | undefined {
  const meta = parseCustomFieldsSetting(setting);
  if (!meta) return undefined;
  const set: Record<string, unknown> = {};
  const addToSet: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(meta)) {
    const value = given[name];
    const trimmed = text(value);
    if (field.required && trimmed === '') throw invalid(`Field ${name} is required`);
    if (field.type === 'select' && !(field.options ?? []).includes(value)) throw invalid(`Value for field ${name} is invalid`);
    if (field.maxLength && trimmed.length > field.maxLength) throw invalid(`Max length of field ${name} ${field.maxLength}`);
    if (field.minLength && trimmed.length < field.minLength) throw invalid(`Min length of field ${name} ${field.minLength}`);
    if (value === undefined) continue;
    set[`customFields.${name}`] = value;
    const target = field.modifyRecordField?.field;
    if (target && /^[A-Za-z0-9_.-]+$/.test(target) && !target.startsWith('services') && target !== '_id') {
      if (field.modifyRecordField?.array) addToSet[target] = value;
      else set[target] = value;
    }
  }
  return { set, addToSet };
}

/** `Accounts_CustomFields` applied to what a user sends (registration, creation, profile and admin updates). */
@Injectable()
export class AccountCustomFields {
  constructor(private readonly settings: SettingsCache) {}

  /** Validates before anything is written: `undefined` when none were sent or none are configured. */
  updateFor(given: Record<string, unknown> | undefined): CustomFieldsUpdate | undefined {
    if (!given) return undefined;
    return customFieldsUpdate(this.settings.get<string>('Accounts_CustomFields'), given);
  }
}
