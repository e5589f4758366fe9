import type { SecondFactorCode } from '../../bindings/second-factor-gate.js';
import type { DdpSession } from '../session/ddp-session.js';

/** Who calls a method, and over which connection (a DDP session, or a REST `method.call`). */
export interface MethodContext {
  readonly userId?: string;
  readonly username?: string;
  /** The DDP session id, or a stable id derived from the REST caller's token or address. */
  readonly connectionId: string;
  readonly clientAddress?: string;
  readonly userAgent?: string;
  /** Present when the call came over DDP: `login`/`logout` change its user, typing is not echoed to it. */
  readonly session?: DdpSession;
  /** The REST caller's login token (`logout` over `method.call`). */
  readonly authToken?: string;
  /** REST `method.call`: the `x-2fa-*` headers, used when the call's arguments carry no code (as Rocket.Chat). */
  readonly secondFactor?: SecondFactorCode;
}

/** A context whose caller is logged in (the registry guarantees it for methods that require a user). */
export type UserMethodContext = MethodContext & { readonly userId: string; readonly username: string };
