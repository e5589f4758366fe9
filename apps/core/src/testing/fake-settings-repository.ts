import type { ISetting, SettingValue } from '@rc/contracts';
import type { SettingsRepository } from '@rc/models';
import { InMemoryCollection } from './in-memory-collection.js';

type SettingsMethods =
  'findAll' | 'findById' | 'insertIfMissing' | 'findPublicPage' | 'findVisible' | 'setValue' | 'setValueIf' | 'findWizardSettings';

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
