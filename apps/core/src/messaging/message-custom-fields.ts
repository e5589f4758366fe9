import { DomainError, ErrorCode } from '@rc/contracts';
import type { SettingsCache } from '@rc/settings';
import { Ajv, type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: false, strict: false });
/** The last schema compiled, by its text (`Message_CustomFields` changes rarely). */
let compiled: { text: string; validate: ValidateFunction } | undefined;

function validatorOf(text: string): ValidateFunction {
  if (compiled?.text !== text) {
    let schema: unknown;
    try {
      schema = JSON.parse(text);
    } catch {
      throw new DomainError(ErrorCode.CustomFieldsJsonInvalid, 'Invalid JSON for Custom Fields');
    }
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      throw new DomainError(ErrorCode.CustomFieldsJsonInvalid, 'Invalid JSON for Custom Fields');
    }
    // Rocket.Chat's validateCustomMessageFields: the administrator's schema, as an object with no other keys.
    compiled = { text, validate: ajv.compile({ ...schema, type: 'object', additionalProperties: false }) };
  }
  return compiled.validate;
}

/**
 * A message's `customFields` (chat.sendMessage, chat.postMessage, chat.update): refused while
 * `Message_CustomFields_Enabled` is off, else checked against the JSON schema in `Message_CustomFields`, in
 * Rocket.Chat's words ("Custom fields not enabled", "Invalid custom fields"). Messages without them pass.
 */
export function assertMessageCustomFields(customFields: Record<string, unknown> | undefined, settings: SettingsCache): void {
  if (customFields === undefined) return;
  if (settings.get<boolean>('Message_CustomFields_Enabled') !== true) {
    throw new DomainError(ErrorCode.InvalidParams, 'Custom fields not enabled');
  }
  const validate = validatorOf(settings.get<string>('Message_CustomFields') ?? '{}');
  if (!validate(customFields)) {
    throw new DomainError(ErrorCode.InvalidParams, 'Invalid custom fields', { issues: validate.errors ?? [] });
  }
}
