/** Rocket.Chat's VoIP shapes (core-typings `IVoipExtension*`, `IQueue*`, `IVoipRoom`, `IPbxEvent`, `FreeSwitchExtension`). */

/** An extension's registration as the PBX reports it (Rocket.Chat's `EndpointState`, lower case). */
export type ExtensionState = 'registered' | 'unregistered' | 'unknown';

export interface IVoipExtensionBase {
  extension: string;
  state: ExtensionState;
}

export interface IVoipExtensionWithAgentInfo extends IVoipExtensionBase {
  queues?: string[];
  userId?: string;
  username?: string;
  name?: string;
}

/** `connector.extension.getDetails`: the extension and where it is registered from. */
export interface IVoipExtensionDetails extends IVoipExtensionBase {
  /** SIP contacts of the registration (`sip:1001-…@127.0.0.1:5062`). */
  contacts: string[];
  /** Seconds until the registration expires (the longest of its contacts). */
  expires?: number;
  transport?: string;
  userAgent?: string;
}

/** `connector.extension.getRegistrationInfo*` (Rocket.Chat's `IRegistrationInfo`). */
export interface IRegistrationInfo {
  host: string;
  callServerConfig: { websocketPath: string; name: string };
  extensionDetails: { extension: string; password: string; authtype: string; state: ExtensionState };
}

/** Rocket.Chat's `IQueueSummary`. */
export interface IQueueSummary {
  name: string;
  /** The queue's number (what callers dial). */
  number: string;
  loggedin: number;
  available: number;
  callers: number;
  holdtime: number;
  talktime: number;
  longestholdtime: number;
}

export interface IQueueMembershipDetails {
  queueCount: number;
  callWaitingCount: number;
}

export interface IQueueDetails {
  name: string;
  number: string;
  members: string[];
}

export interface IQueueMembershipSubscription {
  queues: IQueueDetails[];
  extension: string;
}

/** `created`: a room an agent opened (`voip/room`) for a call not placed yet. */
export type VoipCallStatus =
  'created' | 'queued' | 'ringing' | 'answered' | 'on-hold' | 'transferred' | 'ended' | 'abandoned' | 'not-answered';

/** A call as an omnichannel room of type `v` (`rocketchat_room`, Rocket.Chat's `IVoipRoom`). */
export interface IVoipRoom {
  _id: string;
  t: 'v';
  /**
   * The caller's name or number. Only `fname`: `rocketchat_room.name` is unique (channel names), and one caller
   * calls more than once.
   */
  fname: string;
  msgs: number;
  usersCount: number;
  ts: Date;
  _updatedAt?: Date;
  open: boolean;
  /**
   * The caller as an omnichannel visitor (`rocketchat_livechat_visitor`, found or created by the phone number of the
   * caller id): its `_id`, `token`, `username`, `phone`; `name` from the caller id's display name.
   */
  v: { _id?: string; username: string; token: string; phone: string; name?: string; status?: string };
  /** The department of the queue (`VoIP_Queues`' `department`), when it has one. */
  departmentId?: string;
  servedBy?: { _id: string; username: string; ts: Date };
  responseBy?: { _id: string; username: string; lastMessageTs: Date };
  queue?: string;
  direction: 'inbound' | 'outbound';
  /** The SIP Call-ID of the call (`''` while `created`). */
  callUniqueId: string;
  callStatus: VoipCallStatus;
  callStarted?: Date;
  callRingingAt?: Date;
  callEndedAt?: Date;
  /** Milliseconds from answer to hang-up. */
  callDuration?: number;
  /** Milliseconds from arrival to answer (or to abandonment). */
  callWaitingTime?: number;
  /** Milliseconds on hold in all. */
  callTotalHoldTime?: number;
  callHoldStartedAt?: Date;
  /** Who hung up: `visitor` (the caller), `agent`, or `system` (the PBX went away, a failure). */
  callEndedBy?: 'visitor' | 'agent' | 'system';
  /** The extension the call was last transferred to (the REFER's target). */
  callTransferredTo?: string;
  /** A blind transfer under way: the new leg (`callId`) rings `to`; `from` and `fromCallId` are restored if it fails. */
  callTransfer?: { fromCallId: string; from: { _id: string; username: string }; to: { _id: string; username: string } };
  /** The agent's REFER on the leg `callId` (at `at`): the caller's new call to the target is expected. */
  callReferred?: { callId: string; at: Date };
  /**
   * The leg `callId` ended (a BYE `by` either side, at `at`) while a transfer was under way (after the REFER): the room
   * follows the caller's new call to the target, and ends as of `at` if that call does not come or is not answered.
   */
  callLegEnded?: { callId: string; at: Date; by: 'visitor' | 'agent' };
  /** While queued: the PBX's handle of the suspended call (Kamailio's transaction), so that any instance resumes it. */
  pbxHandle?: string;
  /** Agents who let the call ring out, not offered it again before `until`. */
  callSkippedAgents?: Array<{ _id: string; until: Date }>;
  closedAt?: Date;
  closedBy?: { _id: string; username: string };
  closer?: 'user' | 'visitor' | 'system';
  closingComment?: string;
  tags?: string[];
}

/** One PBX (or client) event of a call (`pbx_events`, Rocket.Chat's `IPbxEvent`). */
export interface IPbxEvent {
  _id: string;
  uniqueId: string;
  callUniqueId: string;
  event: string;
  ts: Date;
  phone?: string;
  queue?: string;
  agentExtension?: string;
  holdTime?: string;
  source: 'pbx' | 'client';
  details?: Record<string, unknown>;
}

/** Rocket.Chat 7's `FreeSwitchExtension`, served from the same PBX. */
export interface FreeSwitchExtension {
  extension: string;
  context?: string;
  domain?: string;
  groups: string[];
  status: 'REGISTERED' | 'UNREGISTERED' | 'UNKNOWN';
  contact?: string;
  callGroup?: string;
  callerName?: string;
  callerNumber?: string;
}

/** What `voip/managementServer/checkConnection` and `voip/callServer/checkConnection` answer. */
export interface IConnectionStatus {
  status: 'connected';
}

/** Rocket.Chat's VoIP system message types (core-typings `VoipMessageTypesValues`), written in the call's `v` room. */
export type VoipMessageType =
  | 'voip-call-started'
  | 'voip-call-declined'
  | 'voip-call-on-hold'
  | 'voip-call-unhold'
  | 'voip-call-ended'
  | 'voip-call-duration'
  | 'voip-call-wrapup'
  | 'voip-call-ended-unexpectedly'
  /** Omnichannel's transfer message (`transferData`), written when a call is transferred to another agent. */
  | 'livechat_transfer_history';

/** Rocket.Chat's `IVoipMessage#voipData`: milliseconds of talk, the answer's ISO time, seconds waited in the queue. */
export interface VoipMessageData {
  callDuration?: number;
  callStarted?: string;
  callWaitingTime?: string;
}
