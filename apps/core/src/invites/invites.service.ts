import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IInvite, type IRoom } from '@rc/contracts';
import { InvitesRepository, RoomsRepository, SubscriptionsRepository, UsersRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import { randomBytes, randomUUID } from 'node:crypto';
import { AccessService } from '../common/access.service.js';
import { RoomMembershipService } from '../rooms/room-membership.service.js';

/** Rocket.Chat's allowed lifetimes (days; 0: never expires) and use limits (0: unlimited). */
export const INVITE_DAYS = [0, 1, 7, 15, 30];
export const INVITE_USES = [0, 1, 5, 10, 25, 50, 100];

const invalidToken = () => new DomainError(ErrorCode.InvalidToken, 'The invite token is invalid.', { field: 'token' });
const expired = (field: string) => new DomainError(ErrorCode.InviteExpired, 'The invite token has expired.', { field });
const notAuthorized = () => new DomainError(ErrorCode.NotAuthorizedBare, 'Not authorized');

/**
 * Invite links (Rocket.Chat's `findOrCreateInvite`, `listInvites`, `removeInvite`, `useInviteToken`,
 * `validateInviteToken`): a member with `create-invite-links` in a channel or group makes a link that expires
 * after `days` and/or `maxUses` joins; whoever holds its token joins the room.
 */
@Injectable()
export class InvitesService {
  constructor(
    private readonly invites: InvitesRepository,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly membership: RoomMembershipService,
    private readonly access: AccessService,
    private readonly settings: SettingsCache,
    private readonly realtime: RealtimePublisher,
  ) {}

  async findOrCreate(actor: Actor, request: { rid: string; days?: number; maxUses?: number }, now = new Date()): Promise<IInvite> {
    const { rid, days = 1, maxUses = 0 } = request;
    if (!(await this.access.hasPermission(actor.userId, 'create-invite-links', rid))) throw notAuthorized();
    const invalidRoom = () =>
      new DomainError(ErrorCode.InvalidRoom, 'The rid field is invalid', { method: 'findOrCreateInvite', field: 'rid' });
    if (!(await this.subscriptions.findByRoomAndUser(rid, actor.userId))) throw invalidRoom();
    const room = await this.rooms.findById(rid);
    if (!room) throw invalidRoom();
    if (!this.invitable(room)) {
      throw new DomainError(ErrorCode.RoomTypeNotAllowed, 'Cannot create invite links for this room type', {
        method: 'findOrCreateInvite',
      });
    }
    if (!INVITE_DAYS.includes(days)) {
      throw new DomainError(ErrorCode.InvalidInviteDays, 'Invite should expire in 1, 7, 15 or 30 days, or send 0 to never expire.');
    }
    if (!INVITE_USES.includes(maxUses)) {
      throw new DomainError(ErrorCode.InvalidInviteUses, 'Invite should be valid for 1, 5, 10, 25, 50, 100 or infinite (0) uses.');
    }

    const existing = await this.invites.findReusable(actor.userId, rid, maxUses, days, now);
    if (existing) return this.withUrl(existing);

    const invite = await this.invites.insert({
      _id: randomBytes(8).toString('hex'),
      inviteToken: randomUUID(),
      days,
      maxUses,
      rid,
      userId: actor.userId,
      createdAt: now,
      expires: days > 0 ? new Date(now.getTime() + days * 24 * 60 * 60 * 1000) : null,
      url: '',
      uses: 0,
    });
    this.realtime.notifyUser(actor.userId, 'updateInvites', [{ invite }]);
    return this.withUrl(invite);
  }

  /** Every invite, to users with `create-invite-links` (a global role's), as Rocket.Chat's `listInvites`. */
  async list(actor: Actor): Promise<IInvite[]> {
    if (!(await this.access.hasPermission(actor.userId, 'create-invite-links'))) throw notAuthorized();
    return (await this.invites.list()).map((invite) => this.withUrl(invite));
  }

  /**
   * Rocket.Chat lets anyone with `create-invite-links` remove any invite; here that takes the permission from a
   * global role, or the invite's creator with it in the invite's room.
   */
  async remove(actor: Actor, _id: string): Promise<{ ok: true }> {
    const invite = await this.invites.findById(_id);
    const global = await this.access.hasPermission(actor.userId, 'create-invite-links');
    const own = invite?.userId === actor.userId && (await this.access.hasPermission(actor.userId, 'create-invite-links', invite.rid));
    if (!global && !own) throw notAuthorized();
    if (!invite || !(await this.invites.removeById(_id))) {
      throw new DomainError(ErrorCode.InvalidInvitationId, 'Invalid Invitation _id', { method: 'removeInvite' });
    }
    this.realtime.notifyUser(invite.userId, 'updateInvites', [{ invite: { ...invite, removed: true } }]);
    return { ok: true };
  }

  /** The caller joins the invite's room; the use counts only when they were not a member already. */
  async use(actor: Actor, token: string) {
    const { invite, room } = await this.validate(token);
    if (!this.invitable(room)) {
      throw new DomainError(ErrorCode.RoomTypeNotAllowed, "Can't join room of this type via invite", {
        method: 'useInviteToken',
        field: 'token',
      });
    }
    const user = await this.users.findRoomUserById(actor.userId);
    if (!user?.username) throw new DomainError(ErrorCode.InvalidUser, 'The user is invalid', { method: 'useInviteToken', field: 'userId' });
    if (!(await this.subscriptions.findByRoomAndUser(room._id, user._id))) {
      // Taken atomically: two users racing for the last use cannot both join.
      if (!(await this.invites.takeUse(invite))) throw expired('maxUses');
      await this.membership.addUser(room, user);
    }
    return { room: { rid: invite.rid, prid: (room as IRoom & { prid?: string }).prid, fname: room.fname, name: room.name, t: room.t } };
  }

  /** `{valid}`: any problem (unknown token, room gone, expired, used up) is `false`. */
  async isValid(token: unknown): Promise<{ valid: boolean }> {
    try {
      await this.validate(token);
      return { valid: true };
    } catch (error) {
      if (error instanceof DomainError) return { valid: false };
      throw error;
    }
  }

  private async validate(token: unknown, now = Date.now()): Promise<{ invite: IInvite; room: IRoom }> {
    if (!token || typeof token !== 'string') throw invalidToken();
    const invite = await this.invites.findByToken(token);
    if (!invite) throw invalidToken();
    const room = await this.rooms.findById(invite.rid);
    if (!room) {
      // The room was deleted: its invite can never be used again.
      await this.invites.removeById(invite._id);
      throw new DomainError(ErrorCode.InvalidRoom, 'The invite token is invalid.', { field: 'rid' });
    }
    if (invite.expires && new Date(invite.expires).getTime() <= now) throw expired('expires');
    if (invite.maxUses > 0 && invite.uses >= invite.maxUses) throw expired('maxUses');
    return { invite, room };
  }

  /** Rocket.Chat's `allowMemberAction(INVITE)`: channels and groups, not direct messages. */
  private invitable(room: IRoom): boolean {
    return room.t === 'c' || room.t === 'p';
  }

  /** Rocket.Chat's direct link (`Accounts_Registration_InviteUrlType: direct`): nothing here goes through its cloud. */
  private withUrl(invite: IInvite): IInvite {
    const site = (this.settings.get<string>('Site_Url') ?? '').replace(/\/+$/, '');
    return { ...invite, url: `${site}/invite/${invite.inviteToken}` };
  }
}
