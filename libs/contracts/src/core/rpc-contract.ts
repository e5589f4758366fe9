import type { z } from 'zod';
import type { DdpBinding, DdpSpec, OnlyKnownKeys, RestBinding, RestSpec, TwoFactorRequirement, WireRequest } from './binding.js';
import type { Phantom } from './phantom.js';

/**
 * A request/reply contract: the NATS subject, the schema every request is validated against (at the
 * service, whoever sends it), the response type, and the protocol faces it is bound to (REST routes, DDP
 * methods). Subjects read `<domain>.<action>`.
 */
export interface RpcContract<Req extends z.ZodType = z.ZodType, Res = unknown> {
  readonly subject: string;
  readonly request: Req;
  readonly response: Phantom<Res>;
  /** Overrides the client's default timeout, e.g. for slow hashing. */
  readonly timeoutMs?: number;
  /** Re-authentication before the request is sent, on every face (Rocket.Chat's `twoFactorRequired`). */
  readonly twoFactor?: TwoFactorRequirement<WireRequest<z.input<Req>>>;
  readonly rest: readonly RestBinding[];
  readonly ddp: readonly DdpBinding[];
}

export type RpcRequest<C> = C extends RpcContract<infer Req, unknown> ? z.input<Req> : never;
export type RpcParsedRequest<C> = C extends RpcContract<infer Req, unknown> ? z.output<Req> : never;
export type RpcResponse<C> = C extends RpcContract<z.ZodType, infer Res> ? Res : never;

type Wire<Req extends z.ZodType> = WireRequest<z.input<Req>>;

type ContractDefinition<Req extends z.ZodType, Res> = Pick<
  RpcContract<Req, Res>,
  'subject' | 'request' | 'response' | 'timeoutMs' | 'twoFactor'
>;

/**
 * A contract with its faces added one by one, each typed against the contract: a REST route or DDP method
 * must map its input onto the request's keys (`WireRequest`) and the response onto its reply, or it does
 * not compile. The gateway's binding registry mounts every face of every contract.
 */
export class BindableContract<Req extends z.ZodType, Res> implements RpcContract<Req, Res> {
  readonly subject: string;
  readonly request: Req;
  readonly response: Phantom<Res>;
  readonly timeoutMs?: number;
  readonly twoFactor?: TwoFactorRequirement<Wire<Req>>;
  readonly rest: RestBinding[] = [];
  readonly ddp: DdpBinding[] = [];

  constructor(definition: ContractDefinition<Req, Res>) {
    this.subject = definition.subject;
    this.request = definition.request;
    this.response = definition.response;
    this.timeoutMs = definition.timeoutMs;
    this.twoFactor = definition.twoFactor;
  }

  /** `GET /api/v1/<path>`; the input's `query` holds the query string. */
  get<R extends Wire<Req>>(path: string | string[], spec: RestSpec<R, Res> & OnlyKnownKeys<R, Wire<Req>>): this {
    return this.route('GET', path, spec);
  }

  /**
   * `POST /api/v1/<path>` (or `/api/apps/<path>` with `root: 'apps'`), answered 200 as Rocket.Chat does; the
   * input's `body` holds the JSON body.
   */
  post<R extends Wire<Req>>(path: string | string[], spec: RestSpec<R, Res> & OnlyKnownKeys<R, Wire<Req>>): this {
    return this.route('POST', path, spec);
  }

  /** `PUT /api/v1/<path>` (Rocket.Chat's `integrations.update`); the input's `body` holds the JSON body. */
  put<R extends Wire<Req>>(path: string | string[], spec: RestSpec<R, Res> & OnlyKnownKeys<R, Wire<Req>>): this {
    return this.route('PUT', path, spec);
  }

  /** `DELETE /api/v1/<path>`. */
  delete<R extends Wire<Req>>(path: string | string[], spec: RestSpec<R, Res> & OnlyKnownKeys<R, Wire<Req>>): this {
    return this.route('DELETE', path, spec);
  }

  /** A DDP method (also reachable over REST `method.call/<name>`). */
  method<R extends Wire<Req>>(name: string, spec: DdpSpec<R, Res> & OnlyKnownKeys<R, Wire<Req>>): this {
    // The one erasure of the mapping's types: the registry calls a `user` method only with an actor (it
    // refuses the call otherwise), and hands it this contract's response.
    const mapping = spec as DdpBinding;
    this.ddp.push({ name, contract: this, auth: spec.auth ?? 'user', request: mapping.request, reply: mapping.reply });
    return this;
  }

  private route(method: RestBinding['method'], path: string | string[], spec: RestSpec<Wire<Req>, Res>): this {
    // As for methods: the registry authenticates per `auth`, so a `user` route's mapping always has its actor.
    const mapping = spec as unknown as RestBinding;
    for (const one of Array.isArray(path) ? path : [path]) {
      this.rest.push({
        method,
        path: one,
        root: spec.root ?? 'v1',
        envelope: spec.envelope ?? true,
        contract: this,
        auth: spec.auth ?? 'user',
        request: mapping.request,
        reply: mapping.reply,
        typedPassword: mapping.typedPassword,
      });
    }
    return this;
  }
}

export function defineRpc<Req extends z.ZodType, Res>(definition: ContractDefinition<Req, Res>): BindableContract<Req, Res> {
  return new BindableContract(definition);
}
