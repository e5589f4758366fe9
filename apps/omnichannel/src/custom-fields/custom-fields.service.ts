import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type ILivechatCustomField,
  type RpcParsedRequest,
  type livechatListCustomFields,
  type livechatSaveCustomField,
} from '@rc/contracts';
import { LivechatCustomFieldsRepository } from '@rc/models';
import { PermissionChecker } from '@rc/permissions';
import { PageSize } from '@rc/settings';

/** Rocket.Chat's check of a new field's name (its id). */
const FIELD_NAME = /^[0-9a-zA-Z-_]+$/;

/**
 * The administration of the livechat custom fields (`rocketchat_livechat_custom_field`): agents list and read
 * them (`view-l-room`), managers save and remove them (`view-livechat-manager`). The widget's
 * `livechat/custom.field(s)` accept values of these fields only (see VisitorService).
 */
@Injectable()
export class CustomFieldsService {
  constructor(
    private readonly permissions: PermissionChecker,
    private readonly customFields: LivechatCustomFieldsRepository,
    private readonly pageSize: PageSize,
  ) {}

  private async require(actor: Actor, permission: string): Promise<void> {
    if (!(await this.permissions.check(actor.userId, [permission]))) {
      throw new DomainError(ErrorCode.Unauthorized, 'User does not have the permissions required for this action');
    }
  }

  /** The DDP methods' check: Rocket.Chat's `error-not-allowed`. */
  private async requireManager(actor: Actor): Promise<void> {
    if (!(await this.permissions.check(actor.userId, ['view-livechat-manager']))) {
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    }
  }

  async list({ actor, text, sort, offset, count }: RpcParsedRequest<typeof livechatListCustomFields>) {
    await this.require(actor, 'view-l-room');
    const { items, total } = await this.customFields.page(text, sort, offset, this.pageSize.count(count));
    return { customFields: items, count: items.length, offset, total };
  }

  async get(actor: Actor, id: string): Promise<{ customField: ILivechatCustomField | null }> {
    await this.require(actor, 'view-l-room');
    return { customField: await this.customFields.findById(id) };
  }

  /** `livechat:saveCustomField`: a new field named `field` (refused when it exists), or the field `_id` changed. */
  async save({ actor, _id, customField }: RpcParsedRequest<typeof livechatSaveCustomField>): Promise<ILivechatCustomField> {
    await this.requireManager(actor);
    const { field, ...given } = customField;
    const data = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as typeof given;
    if (!FIELD_NAME.test(field)) {
      throw new DomainError(
        ErrorCode.InvalidCustomFieldName,
        'Invalid custom field name. Use only letters, numbers, hyphens and underscores.',
        { method: 'livechat:saveCustomField' },
      );
    }
    if (_id) {
      const updated = await this.customFields.update(_id, data);
      if (!updated) throw new DomainError(ErrorCode.InvalidCustomField, 'Custom Field Not found', { method: 'livechat:saveCustomField' });
      return updated;
    }
    const created = await this.customFields.insert(field, data);
    if (!created) {
      throw new DomainError(ErrorCode.CustomFieldNameExists, 'Custom field name already exists', { method: 'livechat:saveCustomField' });
    }
    return created;
  }

  /** `livechat:removeCustomField` (an unknown id refused) and `livechat/custom-fields.remove` (0 removed). */
  async remove(actor: Actor, id: string, via: 'ddp' | 'rest'): Promise<{ acknowledged: boolean; deletedCount: number }> {
    if (via === 'ddp') await this.requireManager(actor);
    else await this.require(actor, 'view-livechat-manager');
    const deletedCount = await this.customFields.remove(id);
    if (!deletedCount && via === 'ddp') {
      throw new DomainError(ErrorCode.InvalidCustomField, 'Custom field not found', { method: 'livechat:removeCustomField' });
    }
    return { acknowledged: true, deletedCount };
  }
}
