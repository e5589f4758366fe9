import type { ISetting, SettingValue } from '@rc/contracts';
import type { SettingsRepository } from '@rc/models';
import { InMemoryCollection } from './in-memory-collection.js';

type SettingsMethods =
  | 'findAll'
  | 'findById'
  | 'insertIfMissing'
  | 'seed'
  | 'findPage'
  | 'findPublicPage'
  | 'findVisible'
  | 'setValue'
  | 'setValueIf'
  | 'findWizardSettings';

/** `rocketchat_settings` in memory, as the real repository answers it. */
export class FakeSettingsRepository implements Pick<SettingsRepository, SettingsMethods> {
  readonly data = new InMemoryCollection<ISetting>();

  findAll() {
    return Promise.resolve(this.data.all());
  }
  findById(id: string) {
    return Promise.resolve(this.data.get(id));
  }
  insertIfMissing(setting: Omit<ISetting, '_updatedAt'>) {
    if (this.data.get(setting._id)) return Promise.resolve(false);
    this.data.insert(setting as ISetting);
    return Promise.resolve(true);
  }
  seed(
    settings: Array<{ metadata: Record<string, unknown>; insert: Record<string, unknown> }>,
    forced: Array<{ _id: string; value: SettingValue }>,
    now: Date,
  ) {
    let added = 0;
    for (const { metadata, insert } of settings) {
      const id = metadata._id as string;
      if (this.data.get(id)) this.data.updateOne({ _id: id }, { $set: metadata });
      else {
        this.data.insert({ ...metadata, ...insert, ts: now, _updatedAt: now } as unknown as ISetting);
        added++;
      }
    }
    for (const { _id, value } of forced) this.data.updateOne({ _id }, { $set: { value } });
    return Promise.resolve(added);
  }
  findPage(query: Record<string, unknown>, privileged: boolean, options: { skip: number; limit: number }) {
    const all = this.data
      .find({ ...query, hidden: { $ne: true }, ...(!privileged && { public: true }) })
      .sort((a, b) => a._id.localeCompare(b._id));
    const basics = ['_id', 'value', 'enterprise', 'invalidValue', 'modules'] as const;
    const projected = all
      .slice(options.skip, options.skip + options.limit)
      .map(
        (setting) => Object.fromEntries(basics.filter((key) => key in setting).map((key) => [key, setting[key]])) as unknown as ISetting,
      );
    return Promise.resolve({ settings: projected, total: all.length });
  }
  findPublicPage(ids: string[] | undefined, skip: number, limit: number) {
    const all = this.data
      .find({ public: true, hidden: { $ne: true }, ...(ids && { _id: { $in: ids } }) })
      .sort((a, b) => a._id.localeCompare(b._id));
    return Promise.resolve({ settings: all.slice(skip, skip + limit), total: all.length });
  }
  findVisible(publicOnly: boolean, updatedAfter?: Date) {
    return Promise.resolve(
      this.data
        .find({ hidden: { $ne: true }, ...(publicOnly && { public: true }) })
        .filter((s) => !updatedAfter || (s._updatedAt !== undefined && s._updatedAt > updatedAfter))
        .sort((a, b) => a._id.localeCompare(b._id)),
    );
  }
  setValue(id: string, value: SettingValue) {
    return Promise.resolve(this.data.updateOne({ _id: id }, { $set: { value } }));
  }
  setValueIf(id: string, expected: SettingValue, value: SettingValue) {
    return Promise.resolve(this.data.updateOne({ _id: id, value: expected }, { $set: { value } }));
  }
  findWizardSettings() {
    return Promise.resolve(this.data.all().filter((setting) => setting.wizard));
  }
}
