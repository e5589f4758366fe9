import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IMessage, type IUser } from '@rc/contracts';
import {
  MessagesRepository,
  ModerationReportsRepository,
  randomId,
  RoomsRepository,
  SubscriptionsRepository,
  UsersRepository,
} from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { AccessService } from '../common/access.service.js';

/** At most this many missed messages per room are sent back on reconnection (Rocket.Chat sends them all). */
export const MISSED_MESSAGES_LIMIT = 1000;

/** A user as a report names them: id, username, name, creation date. */
const userRef = (user: IUser) => ({
  _id: user._id,
  username: user.username,
  ...(user.name !== undefined && { name: user.name }),
  ...(user.createdAt !== undefined && { createdAt: user.createdAt }),
});

const invalidRoom = () => new DomainError(ErrorCode.InvalidRoom, 'Invalid room');

/**
 * Reporting a message to the moderators (Rocket.Chat's `reportMessage`), blocking the other user of a direct
 * message (`blockUser` / `unblockUser`: the blocker's subscription gets `blocker`, the other's `blocked`, and
 * neither can send while either is set) and the messages missed while disconnected (`loadMissedMessages`).
 */
@Injectable()
export class ModerationService {
  constructor(
    private readonly access: AccessService,
    private readonly messages: MessagesRepository,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly reports: ModerationReportsRepository,
    private readonly realtime: RealtimePublisher,
  ) {}

  /**
   * A message one cannot read is reported as an invalid id, as an unknown one. `route` (REST `chat.reportMessage`):
   * Rocket.Chat's helper's bare `Error('<id>')`s, the id alone; `method` (DDP): its Meteor errors.
   */
  async reportMessage(actor: Actor, messageId: string, description: string, checkedBy: 'route' | 'method' = 'method'): Promise<true> {
    const refuse = (code: ErrorCode, reason: string) =>
      checkedBy === 'route' ? new DomainError(ErrorCode.PlainFailure, code) : new DomainError(code, reason, { method: 'reportMessage' });
    if (description.trim() === '') throw refuse(ErrorCode.InvalidDescription, 'Invalid description');
    const message = await this.messages.findById(messageId);
    if (!message) throw refuse(ErrorCode.InvalidMessageId, 'Invalid message id');
    const room = await this.rooms.findById(message.rid);
    if (!room || !(await this.access.canAccessRoom(actor.userId, room._id))) throw refuse(ErrorCode.InvalidMessageId, 'Invalid message id');
    const reporter = await this.users.findById(actor.userId);
    if (!reporter) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    await this.reports.insert({
      _id: randomId(),
      message,
      description,
      ts: new Date(),
      reportedBy: userRef(reporter),
      room: {
        _id: room._id,
        t: room.t,
        ...(room.name !== undefined && { name: room.name }),
        ...(room.fname !== undefined && { fname: room.fname }),
      },
      _hidden: false,
    });
    return true;
  }

  /** `users.reportUser`: another user, existing, reported with who reported them. */
  async reportUser(actor: Actor, userId: string, description: string): Promise<true> {
    if (userId === actor.userId) throw new DomainError(ErrorCode.CannotReportSelf, 'Cannot report self');
    if (description.trim() === '') throw new DomainError(ErrorCode.InvalidDescription, 'Invalid description');
    const [reported, reporter] = await Promise.all([this.users.findById(userId), this.users.findById(actor.userId)]);
    if (!reported) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    if (!reporter) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    await this.reports.insert({
      _id: randomId(),
      reportedUser: { ...userRef(reported), ...(reported.emails?.length && { emails: reported.emails }) },
      description,
      ts: new Date(),
      reportedBy: userRef(reporter),
      _hidden: false,
    });
    return true;
  }

  blockUser(actor: Actor, rid: string, blocked: string): Promise<true> {
    return this.setBlocked(actor, rid, blocked, true);
  }

  unblockUser(actor: Actor, rid: string, blocked: string): Promise<true> {
    return this.setBlocked(actor, rid, blocked, false);
  }

  /** `false` when the caller may not read the room, as Rocket.Chat answers. */
  async loadMissed(actor: Actor, rid: string, start: Date): Promise<IMessage[] | false> {
    if (!(await this.access.canAccessRoom(actor.userId, rid))) return false;
    return this.messages.findHistory({ rid, after: start, includeThreadReplies: true, limit: MISSED_MESSAGES_LIMIT });
  }

  /** Only between the two members of a direct message (not one's own), both still subscribed. */
  private async setBlocked(actor: Actor, rid: string, blocked: string, on: boolean): Promise<true> {
    const room = await this.rooms.findById(rid);
    if (!room || room.t !== 'd' || blocked === actor.userId || !room.uids?.includes(blocked) || room.uids.length !== 2) {
      throw invalidRoom();
    }
    const [mine, theirs] = await Promise.all([
      this.subscriptions.findByRoomAndUser(rid, actor.userId),
      this.subscriptions.findByRoomAndUser(rid, blocked),
    ]);
    if (!mine || !theirs) throw invalidRoom();
    const [blocker, blockedOne] = await Promise.all([
      this.subscriptions.update(rid, actor.userId, on ? { $set: { blocker: true } } : { $unset: { blocker: 1 } }),
      this.subscriptions.update(rid, blocked, on ? { $set: { blocked: true } } : { $unset: { blocked: 1 } }),
    ]);
    for (const subscription of [blocker, blockedOne]) if (subscription) this.realtime.subscriptionChanged('updated', subscription);
    return true;
  }
}
