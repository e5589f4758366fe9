import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { Actor, type UserView } from './self-user.js';
import {
  CustomFieldsField,
  EmailField,
  NameField,
  PasswordField,
  RoleIdField,
  UserPreferencesField,
  UsernameField,
} from './user-fields.js';

/** The fields an administrator may set on a user (users.create, users.update). */
export const UserAdminFields = {
  email: EmailField,
  name: NameField,
  password: PasswordField,
  username: UsernameField,
  active: z.boolean(),
  bio: z.string().max(1024),
  nickname: z.string().max(256),
  statusText: z.string().max(256),
  roles: z.array(RoleIdField).max(50),
  joinDefaultChannels: z.boolean(),
  requirePasswordChange: z.boolean(),
  setRandomPassword: z.boolean(),
  sendWelcomeEmail: z.boolean(),
  verified: z.boolean(),
  customFields: CustomFieldsField,
  settings: z.strictObject({ preferences: UserPreferencesField.optional() }),
  language: z.string().max(16),
};

/** `POST /api/v1/users.create`: needs `create-user`; Rocket.Chat requires email, name, password and username. */
export const CreateUserRequest = z.strictObject({
  actor: Actor,
  data: z.strictObject({
    ...UserAdminFields,
    // Any string, as Rocket.Chat's validator: an empty one is `validateUserData`'s `The field … is required`.
    username: z.string().max(64),
    password: z.string().max(1024),
    active: UserAdminFields.active.optional(),
    bio: UserAdminFields.bio.optional(),
    nickname: UserAdminFields.nickname.optional(),
    statusText: UserAdminFields.statusText.optional(),
    roles: UserAdminFields.roles.optional(),
    joinDefaultChannels: UserAdminFields.joinDefaultChannels.optional(),
    requirePasswordChange: UserAdminFields.requirePasswordChange.optional(),
    setRandomPassword: UserAdminFields.setRandomPassword.optional(),
    sendWelcomeEmail: UserAdminFields.sendWelcomeEmail.optional(),
    verified: UserAdminFields.verified.optional(),
    customFields: UserAdminFields.customFields.optional(),
    settings: UserAdminFields.settings.optional(),
    language: UserAdminFields.language.optional(),
  }),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const accountsCreateUser = defineRpc({
  subject: 'accounts.createUser',
  request: CreateUserRequest,
  response: as<{ user: UserView }>(),
  timeoutMs: 20_000,
}).post('users.create', {
  // The fields an administrator may set, as given; Rocket.Chat's deprecated `fields` (a projection of the answer)
  // is not taken (the answer is fixed), and other keys are refused (Rocket.Chat's `additionalProperties: false`).
  request: ({ body, actor }) => ({
    actor,
    data: Object.fromEntries(Object.keys(UserAdminFields).flatMap((key) => (body[key] === undefined ? [] : [[key, body[key]]]))),
  }),
});
