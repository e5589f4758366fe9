import type { z } from 'zod';
import type { Phantom } from './phantom.js';

/**
 * A request/reply contract: the NATS subject, the schema every request is validated against (at the
 * service, whoever sends it), and the response type. Subjects read `<service>.<action>`.
 */
export interface RpcContract<Req extends z.ZodType = z.ZodType, Res = unknown> {
  readonly subject: string;
  readonly request: Req;
  readonly response: Phantom<Res>;
  /** Overrides the client's default timeout, e.g. for slow hashing. */
  readonly timeoutMs?: number;
}

export type RpcRequest<C> = C extends RpcContract<infer Req, unknown> ? z.input<Req> : never;
export type RpcParsedRequest<C> = C extends RpcContract<infer Req, unknown> ? z.output<Req> : never;
export type RpcResponse<C> = C extends RpcContract<z.ZodType, infer Res> ? Res : never;

export function defineRpc<Req extends z.ZodType, Res>(contract: RpcContract<Req, Res>): RpcContract<Req, Res> {
  return contract;
}
