import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type accountsListUsersByStatus,
  type ListUsersRequest,
  type ListUsersResult,
  type RpcParsedRequest,
  type UserInfoRequest,
  type UserView,
} from '@rc/contracts';
import { SubscriptionsRepository, UsersRepository } from '@rc/models';
import { PageSize, SettingsCache } from '@rc/settings';
import { Access, permissionRequired, unauthorized } from '../common/access.js';
import { usersListFilter } from './users-list-query.js';
import { PRIVATE_USER_FIELDS, PUBLIC_USER_FIELDS, toUserInfo } from './user-views.js';

/** users.list's default columns (Rocket.Chat's getNonEmptyFields, less what the caller may not see). */
const LIST_FIELDS = ['name', 'username', 'status', 'active', 'avatarETag', 'type'];
const LIST_FIELDS_PRIVILEGED = [...LIST_FIELDS, 'emails', 'roles', 'lastLogin'];

const topLevel = (path: string) => path.split('.')[0];

/** users.info and users.list: who sees which fields is decided here. */
@Injectable()
export class UserDirectoryService {
  constructor(
    private readonly users: UsersRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly access: Access,
    private readonly pageSize: PageSize,
    private readonly settings: SettingsCache,
  ) {}

  async info({ actor, userId, username, includeUserRooms }: UserInfoRequest): Promise<{ user: UserView }> {
    const myself = userId ? userId === actor.userId : username === actor.username;
    const grants = await this.access.grants(actor.userId, ['view-full-other-user-info', 'view-other-user-channels']);
    const user = userId ? await this.users.findById(userId) : await this.users.findByUsername(username!);
    // Rocket.Chat's `API.v1.failure('User not found.')`: the text alone.
    if (!user) throw new DomainError(ErrorCode.PlainFailure, 'User not found.');
    const isMe = myself || user._id === actor.userId;
    const view = toUserInfo(user, { canViewAllInfo: isMe || grants.has('view-full-other-user-info'), myself: isMe });
    if (includeUserRooms && (isMe || grants.has('view-other-user-channels'))) {
      view.rooms = await this.subscriptions.findBriefRoomsOfUser(user._id);
    }
    return { user: view };
  }

  /**
   * As Rocket.Chat's users.list: `fields` adds visible fields and silently drops the others; `query` silently loses
   * the fields the caller may not see (`parseJsonQuery`'s non-queryable fields) and may name only the columns
   * answered (`isValidQuery`: `Invalid attribute: <path> [error-invalid-query]`; below `emails.address`, `username`,
   * `name`, `type`, `customFields` any path); `sort` only visible fields (`error-invalid-sort`, this server's rule).
   */
  async list(request: ListUsersRequest): Promise<ListUsersResult> {
    const grants = await this.access.grants(request.actor.userId, ['view-d-room', 'view-full-other-user-info', 'view-outside-room']);
    // Rocket.Chat's users.list checks inside (`API.v1.unauthorized()`); users.listByStatus declares the permission.
    if (!grants.has('view-d-room')) throw unauthorized();
    if (this.settings.get<boolean>('API_Apply_permission_view-outside-room_on_users-list') && !grants.has('view-outside-room')) {
      throw unauthorized();
    }
    const privileged = grants.has('view-full-other-user-info');
    const visible = new Set<string>(privileged ? [...PUBLIC_USER_FIELDS, ...PRIVATE_USER_FIELDS, '_id'] : [...PUBLIC_USER_FIELDS, '_id']);

    const projection: Record<string, 1> = { _id: 1 };
    for (const field of privileged ? LIST_FIELDS_PRIVILEGED : LIST_FIELDS) projection[field] = 1;
    for (const [field, include] of Object.entries(request.fields ?? {})) {
      if (include === 1 && visible.has(topLevel(field))) projection[field] = 1;
    }

    const filter = usersListFilter(request.query ?? {}, { visible, columns: Object.keys(projection) });

    const sort: Record<string, 1 | -1> = {};
    for (const [field, direction] of Object.entries(request.sort ?? ({ username: 1 } as const))) {
      if (!visible.has(topLevel(field))) {
        throw new DomainError(ErrorCode.InvalidSort, `Invalid sort parameter provided: "${field}" may not be sorted on`);
      }
      sort[field] = direction;
    }
    // Rocket.Chat sorts by `status` then `active` (and by `name` then its lower-cased copy, which never reorders).
    if (sort.status) sort.active = sort.status;

    const count = this.pageSize.count(request.count);
    const { users, total } = await this.users.findPage(filter, { sort, skip: request.offset, limit: count, projection });
    return { users: users as UserView[], count: users.length, offset: request.offset, total };
  }

  /** users.listByStatus: users.list's columns and visibility, filtered as Rocket.Chat's administration lists them. */
  async listByStatus(request: RpcParsedRequest<typeof accountsListUsersByStatus>): Promise<ListUsersResult> {
    const grants = await this.access.grants(request.actor.userId, ['view-d-room', 'view-full-other-user-info', 'view-outside-room']);
    if (!grants.has('view-d-room')) throw permissionRequired();
    if (this.settings.get<boolean>('API_Apply_permission_view-outside-room_on_users-list') && !grants.has('view-outside-room')) {
      throw unauthorized();
    }
    const privileged = grants.has('view-full-other-user-info');
    const visible = new Set<string>(privileged ? [...PUBLIC_USER_FIELDS, ...PRIVATE_USER_FIELDS, '_id'] : [...PUBLIC_USER_FIELDS, '_id']);
    const sort: Record<string, 1 | -1> = {};
    for (const [field, direction] of Object.entries(request.sort ?? ({ username: 1 } as const))) {
      if (!visible.has(topLevel(field))) {
        throw new DomainError(ErrorCode.InvalidSort, `Invalid sort parameter provided: "${field}" may not be sorted on`);
      }
      sort[field] = direction;
    }
    const projection: Record<string, 1> = { _id: 1 };
    for (const field of [...(privileged ? LIST_FIELDS_PRIVILEGED : LIST_FIELDS), 'reason']) projection[field] = 1;
    const count = this.pageSize.count(request.count);
    const { users, total } = await this.users.findPageByStatus(
      {
        active: request.status === undefined ? undefined : request.status === 'active',
        hasLoggedIn: request.hasLoggedIn,
        type: request.type,
        roles: request.roles,
        searchTerm: request.searchTerm,
        searchEmails: privileged,
        inactiveReasons: request.inactiveReason,
      },
      { sort, skip: request.offset, limit: count, projection },
    );
    return { users: users as UserView[], count: users.length, offset: request.offset, total };
  }
}
