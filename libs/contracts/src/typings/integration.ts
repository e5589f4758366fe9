import type { UserRef } from './user.js';

/** The events an outgoing webhook may fire on (Rocket.Chat's `outgoingEvents`). */
export const OUTGOING_EVENTS = [
  'sendMessage',
  'fileUploaded',
  'roomArchived',
  'roomCreated',
  'roomJoined',
  'roomLeft',
  'userCreated',
] as const;
export type OutgoingIntegrationEvent = (typeof OUTGOING_EVENTS)[number];

/** How long a failed call waits before its retry (Rocket.Chat's `retryDelay`). */
export const RETRY_DELAYS = ['powers-of-ten', 'powers-of-two', 'increments-of-two'] as const;

interface IntegrationBase {
  _id: string;
  name: string;
  enabled: boolean;
  /** The user the integration posts as (its `username`, resolved to `userId` when saved). */
  username: string;
  userId: string;
  /** `#room` / `@user` targets (incoming: where it posts; outgoing: where it listens). */
  channel: string[];
  alias?: string;
  avatar?: string;
  emoji?: string;
  scriptEnabled: boolean;
  scriptEngine?: 'isolated-vm';
  script?: string;
  /** The script as it runs (Rocket.Chat compiles with Babel; here the source, checked by compiling it in the sandbox). */
  scriptCompiled?: string;
  scriptError?: { name: string; message: string; stack?: string };
  token: string;
  _createdAt: Date;
  _createdBy: Pick<UserRef, '_id' | 'username'> | null;
  _updatedAt: Date;
}

/** `rocketchat_integrations`, type `webhook-incoming`. */
export interface IIncomingIntegration extends IntegrationBase {
  type: 'webhook-incoming';
  overrideDestinationChannelEnabled: boolean;
}

/** `rocketchat_integrations`, type `webhook-outgoing`. */
export interface IOutgoingIntegration extends IntegrationBase {
  type: 'webhook-outgoing';
  event: OutgoingIntegrationEvent;
  urls: string[];
  triggerWords?: string[];
  triggerWordAnywhere?: boolean;
  impersonateUser?: boolean;
  targetRoom?: string;
  runOnEdits?: boolean;
  retryFailedCalls?: boolean;
  retryCount?: number;
  retryDelay?: string;
}

export type IIntegration = IIncomingIntegration | IOutgoingIntegration;

/** `rocketchat_integration_history`: one outgoing call, step by step (Rocket.Chat's `updateHistory`). */
export interface IIntegrationHistory {
  _id: string;
  type: 'outgoing-webhook';
  step: string;
  integration: { _id: string; _createdBy: Pick<UserRef, '_id' | 'username'> | null };
  event: string;
  _createdAt: Date;
  _updatedAt: Date;
  data?: Record<string, unknown>;
  triggerWord?: string;
  ranPrepareScript?: boolean;
  prepareSentMessage?: unknown;
  processSentMessage?: unknown;
  resultMessage?: unknown;
  finished?: boolean;
  url?: string;
  httpCallData?: unknown;
  httpError?: unknown;
  httpResult?: string | null;
  error?: boolean;
  errorStack?: string;
}
