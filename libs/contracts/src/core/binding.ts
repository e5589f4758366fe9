import type { Actor } from '../accounts/self-user.js';
import type { RpcContract } from './rpc-contract.js';

/** A JSON body or a query string as received: nothing in it is trusted until the contract's schema says so. */
export type Params = Record<string, unknown>;

/**
 * Who may call a face: `user` (default) needs a logged-in caller; `optional` takes one when credentials are
 * given (anonymous otherwise); `none` ignores credentials.
 */
export type AuthMode = 'user' | 'optional' | 'none';

/**
 * A request as a face maps it from the wire: exactly the contract's keys (a missing required key or an
 * unknown one does not compile), the caller typed, every other value left `unknown` for the contract's
 * schema to check where the request is served. Typing those values statically would be a cast: they come
 * from the client.
 */
export type WireRequest<Req> = { [K in keyof Req]: K extends 'actor' ? Actor : unknown };

/**
 * A mapping's result may hold no key the contract lacks. TypeScript does not check excess keys of a returned
 * object literal, so the builder infers the result (`R`) and this asks for an impossible property otherwise,
 * naming the unknown keys in the compiler's message.
 */
export type OnlyKnownKeys<R, W> = [Exclude<keyof R, keyof W>] extends [never] ? unknown : { unknownRequestKeys: Exclude<keyof R, keyof W> };

/** What the gateway knows of a caller, whichever protocol they came by. */
export interface Caller {
  /** The login token used (REST `X-Auth-Token`; the DDP session's resume token). */
  readonly authToken?: string;
  readonly clientAddress?: string;
  /** The client's `User-Agent` (the HTTP request's, or the DDP socket's upgrade request's). */
  readonly userAgent?: string;
  /** The DDP connection (a stable id derived from the token or address for REST). */
  readonly connectionId: string;
  /** A livechat visitor's token (REST `x-visitor-token`), which the omnichannel service checks. */
  readonly visitorToken?: string;
}

/**
 * Rocket.Chat's `twoFactorRequired` on a contract: before the request is sent, the caller proves it is them
 * again (a second factor; the password when they have none), on both faces. The gateway asks accounts
 * (`accounts.checkSecondFactor`), which answers `totp-required` / `totp-invalid` or lets the request through.
 */
export interface TwoFactorRequirement<Req = unknown> {
  /** Ask every time: no "remember this client" window (Rocket.Chat's `disableRememberMe`). */
  readonly disableRememberMe?: boolean;
  /** Always ask, with the password when no second factor is set up, and never remember (`requireSecondFactor`). */
  readonly requireSecondFactor?: boolean;
  /** Only for some requests (saveUserProfile: a new e-mail or password); every request when absent. */
  appliesTo?(request: Req): boolean;
}

interface RestRequestInput {
  /** The route as bound (`channels.history`): one mapping can serve a family of routes. */
  readonly path: string;
  readonly body: Params;
  readonly query: Params;
  /** Path parameters (`settings/:_id` → `{_id}`). */
  readonly params: Readonly<Record<string, string>>;
  readonly caller: Caller;
}

/**
 * Which REST API a route belongs to: Rocket.Chat's `/api/v1/` (nearly everything), or `/api/apps/`, where it
 * serves the UI Kit interactions (`ui.interaction/:id`) outside its versioned API.
 */
export type RestRoot = 'v1' | 'apps';

type RestMapping<Req, Res, A> = {
  /** `v1` by default. */
  readonly root?: RestRoot;
  /**
   * Whether the answer is wrapped in Rocket.Chat's `success: true` envelope (the default). `/api/apps/ui.interaction`
   * answers the UI Kit interaction itself, which clients read as is (`{type, ...data}`).
   */
  readonly envelope?: boolean;
  readonly request: (input: RestRequestInput & { readonly actor: A }) => Req;
  /**
   * Rocket.Chat's answer (`success: true` is added); the response as is by default. A boolean only without the
   * envelope (`DELETE removeInvite/:_id` answers a bare `true`).
   */
  readonly reply?: (response: Res, input: RestRequestInput & { readonly actor: A }) => object | boolean;
  /**
   * A password typed in the body that stands for the second factor (`password` method) when no `x-2fa-code`
   * header is sent: users.updateOwnBasicInfo's `currentPassword`, as Rocket.Chat passes it on.
   */
  readonly typedPassword?: (input: RestRequestInput) => unknown;
};

/** A REST route of a contract: how the HTTP request becomes the contract's request, and the answer. */
export type RestSpec<Req, Res> =
  ({ auth?: 'user' } & RestMapping<Req, Res, Actor>) | ({ auth: 'optional' | 'none' } & RestMapping<Req, Res, Actor | undefined>);

type DdpMapping<Req, Res, A> = {
  /** The method's positional arguments; extra trailing ones are ignored, as Meteor does. */
  readonly request: (args: readonly unknown[], caller: Caller & { readonly actor: A }) => Req;
  /** The method's result (which may depend on the arguments' form); the response as is by default. */
  readonly reply?: (response: Res, args: readonly unknown[]) => unknown;
};

/** A DDP method of a contract. */
export type DdpSpec<Req, Res> =
  ({ auth?: 'user' } & DdpMapping<Req, Res, Actor>) | ({ auth: 'optional' } & DdpMapping<Req, Res, Actor | undefined>);

/** What a REST route's mapping receives; `actor` is there whenever the route's auth mode found a caller. */
export type RestInput = RestRequestInput & { readonly actor?: Actor };

/** A mounted REST face, as the gateway's registry sees it: the mapping with the contract's types erased. */
export interface RestBinding {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below `/api/<root>/`, with `:name` path parameters. */
  readonly path: string;
  readonly root: RestRoot;
  readonly envelope: boolean;
  readonly contract: RpcContract;
  readonly auth: AuthMode;
  readonly request: (input: RestInput) => unknown;
  readonly reply?: (response: unknown, input: RestInput) => object | boolean;
  readonly typedPassword?: (input: RestInput) => unknown;
}

/** What a DDP method's mapping receives besides its arguments. */
export type DdpCaller = Caller & { readonly actor?: Actor };

/** A mounted DDP face. */
export interface DdpBinding {
  readonly name: string;
  readonly contract: RpcContract;
  readonly auth: 'user' | 'optional';
  readonly request: (args: readonly unknown[], caller: DdpCaller) => unknown;
  readonly reply?: (response: unknown, args: readonly unknown[]) => unknown;
}
