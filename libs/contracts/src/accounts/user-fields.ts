import { z } from 'zod';

/**
 * Field schemas shared by the accounts contracts. Each one accepts only its own type: an object where a
 * string is expected (`{"$ne": null}`, `{"$regex": …}`) is refused here, before any service code runs.
 * Rocket.Chat's own rules (username pattern, e-mail form, password policy) are checked by the service,
 * which answers with Rocket.Chat's error ids.
 */
export const UserIdField = z.string().min(1).max(64);
export const UsernameField = z.string().trim().min(1).max(64);
export const EmailField = z.string().trim().min(1).max(254);
export const PasswordField = z.string().min(1).max(1024);
export const NameField = z.string().max(256);
export const RoleIdField = z.string().min(1).max(128);

/** A key that names a field, never an operator: `username`, `emails.address`, `customFields.team`. */
export const FieldPathKey = z
  .string()
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/, 'expected a field name');

/** customFields: flat values only (Rocket.Chat saves them only for fields configured on the server). */
export const CustomFieldsField = z.record(FieldPathKey, z.union([z.string().max(1024), z.number(), z.boolean()]));

/** settings.preferences: flat values or lists of strings (sidebar sections order and the like). */
export const UserPreferencesField = z.record(
  FieldPathKey,
  z.union([z.string().max(1024), z.number(), z.boolean(), z.null(), z.array(z.string().max(256)).max(100)]),
);

/** Which user a request is about: Rocket.Chat's `userId` / `username` (`getUserFromParams`). */
export const UserSelector = {
  userId: UserIdField.optional(),
  username: UsernameField.optional(),
};
