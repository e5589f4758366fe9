/**
 * The PBX behind Omnichannel VoIP, whatever it is (Rocket.Chat's community version drives Asterisk over AMI; here
 * Kamailio over its event API): the service sees calls offered to it, decides where each goes, follows their
 * lifecycle and reads registrations through this interface only.
 */

/**
 * What the PBX tells about a call or an extension. `callId` is the SIP Call-ID of the caller's INVITE. `id`: the
 * event's own id (every instance of the service gets every event; the one that claims the id handles it).
 */
export type PbxEvent = PbxEventBody & { id?: string };

type PbxEventBody =
  /**
   * A new call, held by the PBX until decided (`handle`: its suspended transaction, for `route`); `fromAgent`: the
   * PBX authenticated the caller as the extension `from` (an agent's own call).
   */
  | { type: 'offered'; callId: string; handle: string; from: string; fromName: string; to: string; fromAgent: boolean }
  | { type: 'ringing' | 'answered'; callId: string }
  | { type: 'failed'; callId: string; code: number }
  /** The agent's phone did not take the call (`code`: 408 no answer in time, 486/603 declined, …): it waits again. */
  | { type: 'requeue'; callId: string; handle: string; code: number }
  | { type: 'cancelled'; callId: string }
  | { type: 'hangup'; callId: string; by: string }
  | { type: 'hold' | 'unhold'; callId: string; by: string }
  | { type: 'transfer'; callId: string; by: string; to: string }
  /** The other phone refused the REFER (`code`): no call to the transfer's target follows. */
  | { type: 'transfer-refused'; callId: string; code: number }
  /** The chosen extension had no registration when the call got there. */
  | { type: 'unreachable'; callId: string; extension: string }
  /** A decision came for a call the PBX no longer holds (it was restarted, or the call timed out). */
  | { type: 'gone'; callId: string }
  | { type: 'registration'; extension: string };

/** Where an offered call goes: an extension to ring, or a SIP rejection for the caller. */
export type RouteDecision =
  | { action: 'dial'; extension: string; ringTimeoutMs?: number }
  /** Out of the PBX to a SIP URI (an outside number through the outbound gateway). */
  | { action: 'relay'; uri: string }
  | { action: 'reject'; code: number; reason: string };

/** A call the PBX holds for a decision. */
export interface PbxCall {
  callId: string;
  handle: string;
}

export interface Registration {
  extension: string;
  contacts: string[];
  /** Seconds until the longest of its contacts expires. */
  expires?: number;
  transport?: string;
  userAgent?: string;
}

export interface PbxConnectionTarget {
  host: string;
  port: number;
  username: string;
  password: string;
}

export type PbxListener = {
  event?(event: PbxEvent): void | Promise<void>;
  /** The connection is up but not yet announced: what the PBX must hold before calls and registrations (credentials). */
  connecting?(): Promise<void>;
  connected?(): void | Promise<void>;
  disconnected?(): void | Promise<void>;
};

/** The connector's injection token and contract. */
export abstract class PbxConnector {
  /** `Kamailio` (Rocket.Chat answers `Asterisk` for its AMI connector). */
  abstract readonly type: string;
  abstract isConnected(): boolean;
  /** Whoever handles the PBX's events (the VoIP service's calls and credentials). */
  abstract listen(listener: PbxListener): void;
  abstract version(): Promise<string>;
  /** Every current registration, by extension. Throws when the PBX cannot be reached. */
  abstract registrations(): Promise<Map<string, Registration>>;
  /** Resumes a call the PBX holds (`handle` from its `offered` or `requeue` event) with a decision; any instance may. */
  abstract route(call: PbxCall, decision: RouteDecision): Promise<void>;
  /** Digest credentials of extensions the PBX checks registrations against: all of them (replacing any), one, or none. */
  abstract replaceCredentials(credentials: ReadonlyArray<{ extension: string; password: string }>): Promise<void>;
  abstract setCredentials(extension: string, password: string): Promise<void>;
  /** Removes the extension's credentials and its registrations (its phones must register again, and cannot). */
  abstract removeCredentials(extension: string): Promise<void>;
  /** Drops the connection (it is made again at once): what the PBX holds from us is given again. */
  abstract reconnect(): void;
  /** Whether a PBX answers at that address (an administrator's test before saving the settings). */
  abstract checkConnection(target: PbxConnectionTarget): Promise<void>;
}
