import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type Page, type RoleOrderedMember, type UserStatus } from '@rc/contracts';
import { SubscriptionsRepository, UsersRepository } from '@rc/models';
import { PageSize, SettingsCache } from '@rc/settings';
import { AccessService } from '../common/access.service.js';
import { RoomResolver, type RoomSelector } from '../common/room-resolver.service.js';
import { searchFields } from '../search/search.service.js';
import { orderByRole, type MemberOrder } from './members-by-role.js';

export interface MembersByRoleQuery {
  filter?: string;
  status?: UserStatus[];
  sort?: MemberOrder;
  offset: number;
  count?: number;
}

/** `rooms.membersOrderedByRole`: the members list of a channel or a group, its role holders first. */
@Injectable()
export class MembersByRoleService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly settings: SettingsCache,
    private readonly access: AccessService,
    private readonly resolver: RoomResolver,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
  ) {}

  async list(
    actor: Actor,
    selector: Pick<RoomSelector, 'roomId' | 'roomName'>,
    query: MembersByRoleQuery,
  ): Promise<Page<RoleOrderedMember>> {
    const room = await this.resolver.findRoomByIdOrName(selector);
    if (!(await this.access.canAccessRoom(actor.userId, room._id))) {
      throw new DomainError(ErrorCode.NotFound, 'The required "roomId" or "roomName" param provided does not match any room');
    }
    if (room.t !== 'c' && room.t !== 'p') throw new DomainError(ErrorCode.PlainFailure, 'error-room-type-not-supported');
    if (room.broadcast && !(await this.access.hasPermission(actor.userId, 'view-broadcast-member-list', room._id))) {
      throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    }
    const roles = await this.subscriptions.memberRolesOf(room._id);
    const users = await this.users.findListedMembersAmong([...roles.keys()], {
      filter: query.filter,
      fields: searchFields(this.settings.get<string>('Accounts_SearchFields')),
      status: query.status,
    });
    const members = users.map((user) => ({ ...user, username: user.username!, roles: roles.get(user._id) }));
    const ordered = orderByRole(members, query.sort ?? {}, this.settings.get<boolean>('UI_Use_Real_Name'));
    const items = ordered.slice(query.offset, query.offset + this.pageSize.count(query.count));
    return { items, count: items.length, offset: query.offset, total: ordered.length };
  }
}
