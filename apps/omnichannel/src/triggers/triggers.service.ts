import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type ILivechatTrigger, type RpcParsedRequest, type livechatSaveTrigger } from '@rc/contracts';
import { LivechatTriggersRepository } from '@rc/models';
import { PermissionChecker } from '@rc/permissions';

const invalidTrigger = () => new DomainError(ErrorCode.LivechatInvalidTrigger, 'Invalid trigger');

/** Managers' administration of the widget's triggers (`view-livechat-manager`); the widget reads them in `livechat/config`. */
@Injectable()
export class TriggersService {
  constructor(
    private readonly permissions: PermissionChecker,
    private readonly triggers: LivechatTriggersRepository,
  ) {}

  private async require(actor: Actor): Promise<void> {
    if (!(await this.permissions.check(actor.userId, ['view-livechat-manager']))) {
      throw new DomainError(ErrorCode.Unauthorized, 'User does not have the permissions required for this action');
    }
  }

  async list(actor: Actor, offset: number, count: number) {
    await this.require(actor);
    const { items, total } = await this.triggers.page(offset, count);
    return { triggers: items, count: items.length, offset, total };
  }

  async get(actor: Actor, id: string): Promise<{ trigger: ILivechatTrigger | null }> {
    await this.require(actor);
    return { trigger: await this.triggers.findById(id) };
  }

  async save({ actor, _id, ...data }: RpcParsedRequest<typeof livechatSaveTrigger>): Promise<ILivechatTrigger> {
    await this.require(actor);
    if (!_id) return this.triggers.insert(data);
    const updated = await this.triggers.update(_id, data);
    if (!updated) throw invalidTrigger();
    return updated;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.require(actor);
    if (!(await this.triggers.remove(id))) throw invalidTrigger();
  }
}
