import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, settingsChangedEvent, type Actor, type ISetting, type SettingValue } from '@rc/contracts';
import { SettingsRepository } from '@rc/models';
import { EventBus } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';
import { AccessService } from '../common/access.service.js';
import { cappedCount } from '../common/pagination.js';
import { SettingsCache } from './settings-cache.service.js';

@Injectable()
export class SettingsService {
  constructor(
    private readonly repository: SettingsRepository,
    private readonly cache: SettingsCache,
    private readonly access: AccessService,
    private readonly events: EventBus,
    private readonly realtime: RealtimePublisher,
  ) {}

  async listPublic(ids: string[] | undefined, offset: number, count: number) {
    const { settings, total } = await this.repository.findPublicPage(ids, offset, cappedCount(count));
    const items = settings.map(({ _id, value }) => ({ _id, value }));
    return { items, count: items.length, offset, total };
  }

  async get(actor: Actor, id: string) {
    await this.access.requirePermission(actor.userId, 'view-privileged-setting');
    const setting = await this.repository.findById(id);
    if (!setting || setting.hidden) throw settingNotFound(id);
    return { _id: setting._id, value: setting.value };
  }

  async update(actor: Actor, id: string, value: SettingValue): Promise<{ ok: true }> {
    await this.access.requirePermission(actor.userId, 'edit-privileged-setting');
    const current = await this.repository.findById(id);
    if (!current || current.hidden) throw settingNotFound(id);
    if (current.blocked) throw new DomainError(ErrorCode.InvalidSetting, `The setting ${id} is blocked`);
    assertValueFits(current, value);
    const updated = await this.repository.setValue(id, value);
    if (!updated) throw settingNotFound(id);
    // This instance applies it at once; the others on the broadcast (this one too, harmlessly).
    await this.cache.reload(id);
    this.events.publish(settingsChangedEvent, id, { _id: id, value });
    this.realtime.settingChanged('updated', updated);
    return { ok: true };
  }
}

const settingNotFound = (id: string) => new DomainError(ErrorCode.InvalidSetting, `Setting ${id} not found`);

/** The value must be of the setting's type (Rocket.Chat refuses a string for an int, an unknown select key). */
function assertValueFits(setting: ISetting, value: SettingValue): void {
  const fits = (() => {
    switch (setting.type) {
      case 'boolean':
        return typeof value === 'boolean';
      case 'int':
        return typeof value === 'number' && Number.isInteger(value);
      case 'select':
        return typeof value === 'string' && (!setting.values || setting.values.some((option) => option.key === value));
      case 'multiSelect':
        return Array.isArray(value);
      default:
        return typeof value === 'string';
    }
  })();
  if (!fits) throw new DomainError(ErrorCode.InvalidSetting, `Invalid value for setting ${setting._id}`);
}
