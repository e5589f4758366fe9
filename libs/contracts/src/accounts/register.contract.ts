import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { UserView } from './self-user.js';
import { CustomFieldsField, EmailField, NameField } from './user-fields.js';

/**
 * Self-registration (`POST /api/v1/users.register`, DDP `registerUser`): a new user with the default roles, not
 * logged in; while no administrator exists, the new user becomes one (Rocket.Chat's first-user rule).
 */
export const RegisterUserRequest = z.strictObject({
  // Any string, as Rocket.Chat's validator: the service answers in its words (`The username provided is not
  // valid`, the password policy's `error-password-policy-not-met`).
  username: z.string().max(64),
  email: EmailField,
  pass: z.string().max(1024),
  name: NameField.optional(),
  /** The registration secret, when registration is by secret URL only. */
  secret: z.string().max(256).optional(),
  reason: z.string().max(1024).optional(),
  customFields: CustomFieldsField.optional(),
  /** The caller's address: registration is rate limited per address. */
  clientAddress: z.string().max(64).optional(),
});
export type RegisterUserRequest = z.infer<typeof RegisterUserRequest>;

export const accountsRegisterUser = defineRpc({
  subject: 'accounts.registerUser',
  request: RegisterUserRequest,
  response: as<{ user: UserView }>(),
  // bcrypt, the database and the default-rooms call to core.
  timeoutMs: 20_000,
})
  .post('users.register', {
    // Credentials sent along are ignored, as Rocket.Chat does.
    auth: 'none',
    request: ({ body, caller }) => ({
      username: body.username,
      email: body.email,
      pass: body.pass,
      name: body.name,
      secret: body.secret,
      reason: body.reason,
      customFields: body.customFields,
      clientAddress: caller.clientAddress,
    }),
  })
  // Rocket.Chat's `registerUser` method (the setup wizard's administrator step): the form's fields; answers the new id.
  .method('registerUser', {
    auth: 'optional',
    request: ([formData], { clientAddress }) => {
      const form = (typeof formData === 'object' && formData !== null ? formData : {}) as Record<string, unknown>;
      return {
        username: form.username,
        email: form.email,
        pass: form.pass,
        name: form.name,
        secret: form.secretURL,
        reason: form.reason,
        customFields: undefined,
        clientAddress,
      };
    },
    reply: ({ user }) => user._id,
  });
