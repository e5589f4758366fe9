import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  SETUP_WIZARD_STATES,
  settingsChangedEvent,
  streamKey,
  type Actor,
  type ISetting,
  type SettingValue,
  type SettingsSync,
} from '@rc/contracts';
import { SettingsRepository } from '@rc/models';
import { EventBus } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';
import { AccessService } from '../common/access.service.js';
import { customOAuthName, customOAuthSettings, PageSize, SettingsCache } from '@rc/settings';

export interface SettingsListRequest {
  query?: Record<string, unknown>;
  sort?: Record<string, 1 | -1>;
  fields?: Record<string, 0 | 1>;
  offset: number;
  count?: number;
}

export interface SettingChange {
  _id: string;
  value: SettingValue;
}

@Injectable()
export class SettingsService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly repository: SettingsRepository,
    private readonly cache: SettingsCache,
    private readonly access: AccessService,
    private readonly events: EventBus,
    private readonly realtime: RealtimePublisher,
  ) {}

  /**
   * `settings.public` (no actor) and `settings` (an actor: everything visible with `view-privileged-setting`,
   * else the public ones): Rocket.Chat's `{_id, value, enterprise, invalidValue, modules}` per setting and the
   * fields asked for, filtered by the JSON `query` (checked by the contract), sorted by id unless asked.
   */
  async list(actor: Actor | undefined, request: SettingsListRequest) {
    const privileged = actor ? await this.access.hasPermission(actor.userId, 'view-privileged-setting') : false;
    const { settings, total } = await this.repository.findPage(request.query ?? {}, privileged, {
      skip: request.offset,
      limit: this.pageSize.count(request.count),
      sort: request.sort,
      fields: request.fields,
    });
    return { items: settings, count: settings.length, offset: request.offset, total };
  }

  /** `public-settings/get`: the public settings, whole, as the clients cache them. */
  async publicSync(updatedSince?: Date): Promise<SettingsSync> {
    return { update: await this.repository.findVisible(true, updatedSince), remove: [] };
  }

  /** `private-settings/get`: Rocket.Chat answers an empty list, not an error, to those who may see none. */
  async privateSync(actor: Actor | undefined, updatedSince?: Date): Promise<SettingsSync> {
    if (!actor) return { update: [], remove: [] };
    const privileged = await this.access.hasPermission(
      actor.userId,
      ['view-privileged-setting', 'edit-privileged-setting'],
      undefined,
      'any',
    );
    if (!privileged && !(await this.access.hasPermission(actor.userId, 'manage-selected-settings'))) return { update: [], remove: [] };
    const settings = await this.repository.findVisible(false, updatedSince);
    if (privileged) return { update: settings, remove: [] };
    const allowed = await Promise.all(settings.map((s) => this.access.hasPermission(actor.userId, `change-setting-${s._id}`)));
    return { update: settings.filter((_, i) => allowed[i]), remove: [] };
  }

  async get(actor: Actor, id: string) {
    await this.access.requirePermission(actor.userId, 'view-privileged-setting');
    const setting = await this.repository.findById(id);
    if (!setting || setting.hidden) throw settingNotFound(id);
    return { _id: setting._id, value: setting.value };
  }

  /** `POST settings/:_id`: one setting, with `edit-privileged-setting`. */
  async update(actor: Actor, id: string, value: SettingValue): Promise<{ ok: true }> {
    await this.access.requirePermission(actor.userId, 'edit-privileged-setting');
    await this.apply(await this.checked([{ _id: id, value }]));
    return { ok: true };
  }

  /**
   * `saveSettings`: several settings; every one is checked (permission, existence, type, the wizard's state)
   * before any is written, so a refused change changes nothing.
   */
  async saveMany(actor: Actor, requested: SettingChange[]): Promise<{ ok: true }> {
    const changes = await this.withSiteNameFollowingOrganization(requested);
    await this.assertMayEdit(actor, changes);
    await this.apply(await this.checked(changes));
    return { ok: true };
  }

  /** Rocket.Chat's rule: `edit-privileged-setting`, or `manage-selected-settings` and `change-setting-<id>` for each. */
  private async assertMayEdit(actor: Actor, changes: SettingChange[]): Promise<void> {
    if (await this.access.hasPermission(actor.userId, 'edit-privileged-setting')) return;
    const selected = await this.access.hasPermission(actor.userId, 'manage-selected-settings');
    const refused: string[] = [];
    for (const { _id } of changes) {
      if (!selected || !(await this.access.hasPermission(actor.userId, `change-setting-${_id}`))) refused.push(_id);
    }
    if (refused.length) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Editing settings is not allowed', { method: 'saveSettings', settingIds: refused });
    }
  }

  /** A new organisation name also renames the site while its name is the default or was the organisation's. */
  private async withSiteNameFollowingOrganization(changes: SettingChange[]): Promise<SettingChange[]> {
    const organization = changes.find(({ _id }) => _id === 'Organization_Name');
    if (!organization || changes.some(({ _id }) => _id === 'Site_Name')) return changes;
    const [site, currentOrganization] = await Promise.all([
      this.repository.findById('Site_Name'),
      this.repository.findById('Organization_Name'),
    ]);
    const follows = site && (site.value === site.packageValue || site.value === currentOrganization?.value);
    return follows ? [...changes, { _id: 'Site_Name', value: organization.value }] : changes;
  }

  private async checked(changes: SettingChange[]): Promise<Array<SettingChange & { current: ISetting }>> {
    return Promise.all(
      changes.map(async (change) => {
        const current = await this.repository.findById(change._id);
        if (!current || current.hidden) throw settingNotFound(change._id);
        if (current.blocked) throw new DomainError(ErrorCode.InvalidSetting, `The setting ${change._id} is blocked`);
        assertValueFits(current, change.value);
        if (change._id === 'Show_Setup_Wizard') assertWizardMovesForward(current.value, change.value);
        return { ...change, current };
      }),
    );
  }

  private async apply(changes: Array<SettingChange & { current: ISetting }>): Promise<void> {
    for (const { _id, value, current } of changes) {
      // The wizard's state is written only if nobody moved it meanwhile (it never goes back).
      const updated =
        _id === 'Show_Setup_Wizard'
          ? await this.repository.setValueIf(_id, current.value, value)
          : await this.repository.setValue(_id, value);
      if (!updated) throw settingNotFound(_id);
      await this.announce(updated);
    }
  }

  /**
   * `settings.addCustomOAuth` / `addOAuthService` (`add-oauth-service`): the custom service's settings with
   * Rocket.Chat's defaults (disabled); those that exist keep their values. Each new one is announced, so the
   * administration pages and accounts (which keeps the login service list) see it.
   */
  async addCustomOAuth(actor: Actor, typed: string): Promise<{ ok: true }> {
    if (!(await this.access.hasPermission(actor.userId, 'add-oauth-service'))) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Adding OAuth Services is not allowed', {
        method: 'addOAuthService',
        action: 'Adding_OAuth_Services',
      });
    }
    const name = customOAuthName(typed.trim());
    if (!name) throw new DomainError(ErrorCode.NameParamNotProvided, 'The parameter "name" is required');
    const now = new Date();
    for (const definition of customOAuthSettings(name)) {
      if (await this.repository.insertIfMissing({ ...definition, value: definition.packageValue, ts: now })) {
        const inserted = await this.repository.findById(definition._id);
        if (inserted) await this.announce(inserted);
      }
    }
    return { ok: true };
  }

  /** This instance applies a change at once; the others on the broadcast (this one too, harmlessly). */
  async announce(updated: ISetting): Promise<void> {
    await this.cache.reload(updated._id);
    // Keyed by the id escaped for a NATS subject token (`Search.Provider` has dots); subscribers read `_id`.
    this.events.publish(settingsChangedEvent, streamKey(updated._id), { _id: updated._id, value: updated.value });
    this.realtime.settingChanged('updated', updated);
  }
}

const settingNotFound = (id: string) => new DomainError(ErrorCode.InvalidSetting, `Setting ${id} not found`);

/** The setup wizard goes pending → in_progress → completed, never back: a completed wizard stays completed. */
function assertWizardMovesForward(from: SettingValue, to: SettingValue): void {
  const rank = (value: SettingValue) => SETUP_WIZARD_STATES.indexOf(value as (typeof SETUP_WIZARD_STATES)[number]);
  if (rank(to) < rank(from)) {
    throw new DomainError(
      ErrorCode.ActionNotAllowed,
      from === 'completed' ? 'The setup wizard is already completed' : 'The setup wizard cannot go back',
      { method: 'saveSettings' },
    );
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The value must be of the setting's type, as Rocket.Chat's `saveSettings` checks it: a boolean, an integer for
 * `int` / `timespan` (a fraction: `Invalid setting value <n>`), an array for `multiSelect`, room objects (or '')
 * for `roomPick`, valid JSON for a JSON `code` setting (`Invalid JSON provided`), a string for the rest; and,
 * beyond Rocket.Chat, a select's value among its options and an asset's an object. A group is no setting.
 */
export function assertValueFits(setting: ISetting, value: SettingValue): void {
  const invalid = (message = `Invalid value for setting ${setting._id}: expected ${setting.type}`) =>
    new DomainError(ErrorCode.InvalidSetting, message);
  switch (setting.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid();
      return;
    case 'int':
    case 'timespan':
      if (typeof value !== 'number') throw invalid();
      if (!Number.isInteger(value)) throw invalid(`Invalid setting value ${value}`);
      return;
    case 'select':
      // '' is an unset select (the wizard's organisation fields start empty).
      if (typeof value !== 'string' || (value !== '' && setting.values && !setting.values.some((option) => option.key === value))) {
        throw invalid();
      }
      return;
    case 'multiSelect':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw invalid();
      return;
    case 'roomPick':
      if (value !== '' && !(Array.isArray(value) && (value as unknown[]).every(isRecord))) throw invalid();
      return;
    case 'asset':
      if (!isRecord(value)) throw invalid();
      return;
    case 'group':
      throw invalid(`Setting ${setting._id} is a group`);
    case 'code':
      if (typeof value !== 'string') throw invalid();
      if (setting.code === 'application/json' && value !== '') {
        try {
          JSON.parse(value);
        } catch {
          throw invalid('Invalid JSON provided');
        }
      }
      return;
    default:
      if (typeof value !== 'string') throw invalid();
  }
}
