import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';
import { defineRpc } from '../core/rpc-contract.js';

/** A login service's key as it appears in `/_oauth/<service>` and `services.<service>` (lower case). */
export const OAuthServiceKey = z
  .string()
  .regex(/^[a-z0-9_]+$/, 'expected a login service name')
  .max(64);

/**
 * A document of `meteor_accounts_loginServiceConfiguration` as clients see it (Meteor publishes it without
 * `secret`): the service, its client id, and for custom OAuth the paths, scope, button and field mapping.
 */
export interface LoginServiceView {
  _id: string;
  service: string;
  clientId?: string;
  custom?: boolean;
  serverURL?: string;
  authorizePath?: string;
  scope?: string;
  loginStyle?: string;
  buttonLabelText?: string;
  buttonLabelColor?: string;
  buttonColor?: string;
  showButton?: boolean;
  [field: string]: unknown;
}

/**
 * `GET /api/v1/service.configurations` (no login): the enabled login services, as the DDP publication
 * `meteor.loginServiceConfiguration` gives them (the gateway serves that one from this request too).
 */
export const accountsLoginServiceConfigurations = defineRpc({
  subject: 'accounts.loginServiceConfigurations',
  request: z.strictObject({}),
  response: as<{ configurations: LoginServiceView[] }>(),
})
  .get('service.configurations', { auth: 'none', request: () => ({}) })
  /**
   * `GET /api/v1/settings.oauth` (no login; the mobile app's login screen): the same services in Rocket.Chat's
   * shape there — custom ones (and SAML, CAS, WordPress) whole, the others as name, client id and button.
   */
  .get('settings.oauth', {
    auth: 'none',
    request: () => ({}),
    reply: ({ configurations }) => ({
      services: configurations.map((service) =>
        service.custom || ['saml', 'cas', 'wordpress'].includes(service.service)
          ? { ...service }
          : {
              _id: service._id,
              name: service.service,
              clientId: service.clientId ?? (service.appId as string | undefined) ?? (service.consumerKey as string | undefined),
              buttonLabelText: service.buttonLabelText ?? '',
              buttonColor: service.buttonColor ?? '',
              buttonLabelColor: service.buttonLabelColor ?? '',
              custom: false,
            },
      ),
    }),
  });

/**
 * The start of an authorisation (`GET /_oauth/<service>/authorize`, where the published `authorizePath`
 * sends Rocket.Chat's client): the client's Meteor state is kept server-side under a new random `state`, with
 * a PKCE verifier, and the browser goes on to the provider (`location`).
 */
export const accountsOAuthAuthorize = defineRpc({
  subject: 'accounts.oauth.authorize',
  request: z.strictObject({ service: OAuthServiceKey, clientState: z.string().min(1).max(4096) }),
  response: as<{ location: string }>(),
});

/** What the end-of-login page hands to Meteor's client: the credential to log in with, and how to finish. */
export interface OAuthCompletion {
  loginStyle: 'popup' | 'redirect';
  credentialToken: string;
  credentialSecret: string;
  redirectUrl?: string;
  isCordova?: boolean;
}

/**
 * The provider's redirect back (`GET /_oauth/<service>?code&state`): the state is spent, the code exchanged
 * with the PKCE verifier, the identity fetched (and an id token's signature checked against the provider's
 * keys), the user created or updated, and a credential stored for the client's `login`.
 */
export const accountsOAuthCallback = defineRpc({
  subject: 'accounts.oauth.callback',
  request: z.strictObject({
    service: OAuthServiceKey,
    code: z.string().min(1).max(4096).optional(),
    state: z.string().min(1).max(512).optional(),
    error: z.string().max(512).optional(),
  }),
  response: as<OAuthCompletion>(),
});

/** Broadcast by accounts when a login service's configuration document changed or went (keyed by service). */
export const loginServicesChangedEvent = defineEvent({
  name: 'accounts.loginServicesChanged',
  payload: as<{ service: string }>(),
});
