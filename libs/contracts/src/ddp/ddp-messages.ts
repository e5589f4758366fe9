/**
 * The DDP wire protocol (Meteor's DDP 1, as Rocket.Chat speaks it), shared by the gateway and the test
 * clients. Frames are EJSON objects; dates travel as `{"$date": ms}`.
 */

/** Versions this server speaks, preferred first (Meteor's `DDPCommon.SUPPORTED_DDP_VERSIONS`). */
export const DDP_VERSIONS = ['1', 'pre2', 'pre1'] as const;

/** Meteor.Error as it crosses the wire (`result.error`, `nosub.error`). */
export interface MeteorErrorJson {
  isClientSafe: true;
  /** Rocket.Chat's error id (`error-invalid-room`, …) or an HTTP-like number (404, 500). */
  error: string | number;
  reason?: string;
  /** `reason [error]`, as Meteor.Error#message. */
  message: string;
  errorType: 'Meteor.Error';
  details?: Record<string, unknown>;
}

export type DdpClientMessage =
  | { msg: 'connect'; version: string; support?: string[]; session?: string }
  | { msg: 'ping'; id?: string }
  | { msg: 'pong'; id?: string }
  | { msg: 'method'; id: string; method: string; params?: unknown[]; randomSeed?: unknown }
  | { msg: 'sub'; id: string; name: string; params?: unknown[] }
  | { msg: 'unsub'; id: string };

export type DdpServerMessage =
  | { server_id: string }
  | { msg: 'connected'; session: string }
  | { msg: 'failed'; version: string }
  | { msg: 'ping'; id?: string }
  | { msg: 'pong'; id?: string }
  | { msg: 'result'; id: string; result?: unknown; error?: MeteorErrorJson }
  | { msg: 'updated'; methods: string[] }
  | { msg: 'ready'; subs: string[] }
  | { msg: 'nosub'; id: string; error?: MeteorErrorJson }
  | { msg: 'added' | 'changed'; collection: string; id: string; fields?: Record<string, unknown> }
  | { msg: 'removed'; collection: string; id: string }
  | { msg: 'error'; reason: string; offendingMessage?: unknown };

/** What a `login` method call returns (Meteor accounts). */
export interface DdpLoginResult {
  id: string;
  token: string;
  tokenExpires: Date;
  type: 'password' | 'resume' | 'ldap';
}
