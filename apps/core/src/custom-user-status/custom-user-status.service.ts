import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type CustomUserStatusPage,
  type ICustomUserStatus,
  type RpcParsedRequest,
} from '@rc/contracts';
import type { customUserStatusPage, customUserStatusSave } from '@rc/contracts';
import { CustomizationsRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { AccessService } from '../common/access.service.js';
import { PageSize } from '@rc/settings';

/** Rocket.Chat's status types a custom status may stand for (or none). */
const STATUS_TYPES = ['online', 'away', 'busy', 'offline'];
/** Rocket.Chat allows every character in a name except these. */
const FORBIDDEN_NAME_CHARACTERS = /[><&"']/;

type PageRequest = Omit<RpcParsedRequest<typeof customUserStatusPage>, 'actor'>;
type SaveRequest = Omit<RpcParsedRequest<typeof customUserStatusSave>, 'actor'>;

/**
 * Custom user statuses (Rocket.Chat's `insertOrUpdateUserStatus`, `deleteCustomUserStatus`, the list): statuses
 * an administrator names (`manage-user-status`), which users pick with `setUserStatus(statusType, name)`. Every
 * change is announced to logged-in users on stream-notify-logged (`updateCustomUserStatus`,
 * `deleteCustomUserStatus`), always by this service: no document change stream carries Rocket.Chat's payload.
 */
@Injectable()
export class CustomUserStatusService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly repository: CustomizationsRepository,
    private readonly access: AccessService,
    private readonly realtime: RealtimePublisher,
  ) {}

  async page({ name, _id, query, sort, offset, count }: PageRequest): Promise<CustomUserStatusPage> {
    const limit = this.pageSize.count(count);
    const { items, total } = await this.repository.pageUserStatuses(
      { ...query, ...(_id !== undefined && { _id }), ...(name && { nameContains: name }) },
      sort && Object.keys(sort).length > 0 ? sort : { name: 1 },
      offset,
      limit,
    );
    return { statuses: items, count: items.length, offset, total };
  }

  async save(actor: Actor, request: SaveRequest): Promise<{ customUserStatus: ICustomUserStatus; created: boolean }> {
    await this.requireManager(actor);
    const { _id } = request;
    const existing = _id === undefined ? null : await this.repository.findUserStatusById(_id);
    if (_id !== undefined && !existing) {
      throw new DomainError(ErrorCode.CustomUserStatusInvalid, `No custom user status found with the id of "${_id}".`);
    }
    const name = request.name.trim();
    if (!name) throw new DomainError(ErrorCode.FieldRequired, 'The field Name is required', { field: 'Name' });
    if (FORBIDDEN_NAME_CHARACTERS.test(name)) {
      throw new DomainError(ErrorCode.InvalidField, `${name} is not a valid name`, { input: name, field: 'Name' });
    }
    const { statusType } = request;
    if (statusType && !STATUS_TYPES.includes(statusType)) {
      throw new DomainError(ErrorCode.InvalidField, `${statusType} is not a valid status type`, { input: statusType, field: 'StatusType' });
    }
    if (await this.repository.userStatusNameTaken(name, existing?._id)) {
      throw new DomainError(ErrorCode.CustomUserStatusNameInUse, 'The custom user status name is already in use');
    }

    let status: ICustomUserStatus | null;
    if (existing) {
      status = await this.repository.updateUserStatus(existing._id, { name, ...(statusType !== undefined && { statusType }) });
      if (!status)
        throw new DomainError(ErrorCode.CustomUserStatusInvalid, `No custom user status found with the id of "${existing._id}".`);
    } else {
      status = await this.repository.insertUserStatus({ name, statusType: statusType ?? '' });
    }
    this.realtime.notifyLogged('updateCustomUserStatus', [{ userStatusData: status }]);
    return { customUserStatus: status, created: !existing };
  }

  async delete(actor: Actor, statusId: string): Promise<{ ok: true }> {
    await this.requireManager(actor);
    const status = await this.repository.findUserStatusById(statusId);
    if (!status || !(await this.repository.deleteUserStatus(statusId))) {
      throw new DomainError(ErrorCode.CustomUserStatusInvalid, 'Invalid user status', { method: 'deleteCustomUserStatus' });
    }
    this.realtime.notifyLogged('deleteCustomUserStatus', [{ userStatusData: status }]);
    return { ok: true };
  }

  private async requireManager(actor: Actor): Promise<void> {
    if (!(await this.access.hasPermission(actor.userId, 'manage-user-status'))) {
      throw new DomainError(ErrorCode.NotAuthorizedBare, 'Not authorized');
    }
  }
}
