import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type IRoom } from '@rc/contracts';
import { SubscriptionsRepository, type RoomUser } from '@rc/models';
import { AccessService } from '../common/access.service.js';

/**
 * Who words a refusal: Rocket.Chat's routes (`chat.sendMessage`, `chat.postMessage`) answer the bare `Error`s
 * of `canSendMessage` / `processWebhookMessage` as their text alone (`error-not-allowed`); its DDP methods and
 * the other callers here keep the id with a reason (`Not allowed [error-not-allowed]`).
 */
export type CheckedBy = 'route' | 'method';

interface Refusal {
  /** The bare `Error` text Rocket.Chat throws (an i18n key, or a text with no translation). */
  bare: string;
  code: ErrorCode;
  reason: string;
  /** The English text of `bare` (Rocket.Chat's `en.i18n.json`), which its ephemeral message shows; `bare` when absent. */
  text?: string;
}

/** Rocket.Chat's send refusals, each with its bare text (`canSendMessage`, `executeSendMessage`, `validateMessage`). */
export const SEND_REFUSALS = {
  notAllowed: { bare: 'error-not-allowed', code: ErrorCode.NotAllowed, reason: 'Not allowed', text: 'Not allowed' },
  invalidRoom: { bare: 'error-invalid-room', code: ErrorCode.InvalidRoom, reason: 'Invalid room', text: 'Invalid room' },
  blocked: { bare: 'room_is_blocked', code: ErrorCode.RoomIsBlocked, reason: 'room_is_blocked', text: 'This room is blocked' },
  readOnly: {
    bare: "You can't send messages because the room is readonly.",
    code: ErrorCode.ReadOnly,
    reason: "You can't send messages because the room is readonly.",
  },
  muted: {
    bare: 'You_have_been_muted',
    code: ErrorCode.NotAllowed,
    reason: 'You have been muted',
    text: 'You have been muted and cannot speak in this room',
  },
  impersonate: { bare: 'Not enough permission', code: ErrorCode.NotAllowed, reason: 'Not enough permission' },
  noRid: {
    bare: "The 'rid' property on the message object is missing.",
    code: ErrorCode.InvalidParams,
    reason: "The 'rid' property on the message object is missing.",
  },
} satisfies Record<string, Refusal>;

export type SendRefusalKind = keyof typeof SEND_REFUSALS;

/** A send refusal, which remembers what Rocket.Chat threw (its DDP method and ephemeral message read that). */
export class SendRefusal extends DomainError {
  constructor(
    readonly kind: SendRefusalKind,
    checkedBy: CheckedBy,
  ) {
    const { bare, code, reason } = SEND_REFUSALS[kind];
    super(checkedBy === 'route' ? ErrorCode.PlainFailure : code, checkedBy === 'route' ? bare : reason);
  }

  /** Rocket.Chat's `error.error || error.message`: the bare text. */
  get thrown(): string {
    return SEND_REFUSALS[this.kind].bare;
  }

  /** The text Rocket.Chat's ephemeral message shows (`i18n.t` of the bare text). */
  get text(): string {
    const refusal: Refusal = SEND_REFUSALS[this.kind];
    return refusal.text ?? refusal.bare;
  }
}

/** A refusal as the caller's face words it. */
export function refusal(kind: SendRefusalKind, checkedBy: CheckedBy = 'method'): SendRefusal {
  return new SendRefusal(kind, checkedBy);
}

/**
 * Rocket.Chat's `canSendMessage`, in its order: the room readable by the sender, a direct message not blocked by
 * either side, writable when read-only only with `post-readonly` (or when explicitly unmuted), the sender not
 * muted. Archived rooms are refused too (Rocket.Chat's send path leaves that to its clients).
 */
@Injectable()
export class MessageGuard {
  constructor(
    private readonly access: AccessService,
    private readonly subscriptions: SubscriptionsRepository,
  ) {}

  /** `canAccess` may be given when already asked (the send path asks it alongside its reads). */
  async assertCanPost(
    room: IRoom,
    user: Pick<RoomUser, '_id' | 'username' | 'type'>,
    action: 'send' | 'react' = 'send',
    canAccess?: boolean,
    checkedBy: CheckedBy = 'method',
  ): Promise<void> {
    if (user.type !== 'app' && !(canAccess ?? (await this.access.canAccessRoom(user._id, room._id)))) {
      throw refusal('notAllowed', checkedBy);
    }
    if (room.archived) throw new DomainError(ErrorCode.RoomArchived, 'Room is archived');
    if (room.t === 'd') {
      const subscription = await this.subscriptions.findMembership(room._id, user._id);
      if (subscription?.blocked || subscription?.blocker) throw refusal('blocked', checkedBy);
    }
    const muted = user.username !== undefined && room.muted?.includes(user.username) === true;
    // `setReaction` checks the mute first, with a Meteor.Error on both faces (`You have been muted [error-not-allowed]`).
    if (muted && action === 'react') throw refusal('muted', 'method');
    const unmuted = (room as IRoom & { unmuted?: string[] }).unmuted ?? [];
    const readOnlyApplies = room.ro === true && !(action === 'react' && room.reactWhenReadOnly === true);
    if (
      readOnlyApplies &&
      !unmuted.includes(user.username ?? '') &&
      !(await this.access.hasPermission(user._id, 'post-readonly', room._id))
    ) {
      throw refusal('readOnly', checkedBy);
    }
    if (muted) throw refusal('muted', checkedBy);
  }
}
