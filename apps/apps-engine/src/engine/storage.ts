import { generateKeyPairSync } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus.js';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata/IAppInfo.js';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings/ISetting.js';
import type { ILoggerStorageEntry } from '@rocket.chat/apps-engine/server/logging/ILoggerStorageEntry.js';
import type { IMarketplaceInfo } from '@rocket.chat/apps-engine/server/marketplace/IMarketplaceInfo.js';
import { AppLogStorage, type IAppLogStorageFindOptions } from '@rocket.chat/apps-engine/server/storage/AppLogStorage.js';
import { AppMetadataStorage } from '@rocket.chat/apps-engine/server/storage/AppMetadataStorage.js';
import { AppSourceStorage } from '@rocket.chat/apps-engine/server/storage/AppSourceStorage.js';
import type { IAppStorageItem } from '@rocket.chat/apps-engine/server/storage/IAppStorageItem.js';
import { APP_LOG_MODEL, APP_MODEL, APP_PACKAGE_MODEL, isDuplicateKeyError, randomId } from '@rc/models';
import type { Model } from 'mongoose';

type Doc = Record<string, unknown>;

/** Mongo documents hold `_id`; the engine's storage items carry the same value as `id` and `_id`. */
function toItem(doc: Doc | null): IAppStorageItem | null {
  if (!doc) return null;
  const { _updatedAt: _u, ...item } = doc;
  return { ...item, id: String(doc._id) } as unknown as IAppStorageItem;
}

/** `rocketchat_apps`: the engine's storage items. */
@Injectable()
export class MongoAppMetadataStorage extends AppMetadataStorage {
  constructor(@InjectModel(APP_MODEL) private readonly apps: Model<Doc>) {
    super('mongodb');
  }

  async create(item: IAppStorageItem): Promise<IAppStorageItem> {
    const doc = { ...item, _id: item.id, createdAt: new Date() } as unknown as Doc;
    await this.apps.create(doc);
    return (await this.retrieveOne(item.id))!;
  }

  async retrieveOne(id: string): Promise<IAppStorageItem | null> {
    return toItem(await this.apps.findById(id).lean<Doc>().exec());
  }

  async retrieveAll(): Promise<Map<string, IAppStorageItem>> {
    const docs = await this.apps.find({}).lean<Doc[]>().exec();
    return new Map(docs.map((doc) => [String(doc._id), toItem(doc)!]));
  }

  async retrieveAllPrivate(): Promise<Map<string, IAppStorageItem>> {
    const docs = await this.apps.find({ installationSource: 'private' }).lean<Doc[]>().exec();
    return new Map(docs.map((doc) => [String(doc._id), toItem(doc)!]));
  }

  async remove(id: string): Promise<{ success: boolean }> {
    await this.apps.deleteOne({ _id: id }).exec();
    return { success: true };
  }

  async updatePartialAndReturnDocument(
    item: Partial<IAppStorageItem>,
    options?: { unsetPermissionsGranted?: boolean },
  ): Promise<IAppStorageItem> {
    const { _id: _ignored, id, ...fields } = item as Partial<IAppStorageItem> & { _id?: string };
    const update: Doc = { $set: fields };
    if (options?.unsetPermissionsGranted) {
      delete (fields as Doc).permissionsGranted;
      update.$unset = { permissionsGranted: 1 };
    }
    const doc = await this.apps.findOneAndUpdate({ _id: id }, update, { returnDocument: 'after' }).lean<Doc>().exec();
    return toItem(doc)!;
  }

  async updateStatus(id: string, status: AppStatus): Promise<boolean> {
    return (await this.apps.updateOne({ _id: id }, { $set: { status } }).exec()).matchedCount === 1;
  }

  async updateSetting(id: string, setting: ISetting): Promise<boolean> {
    return (await this.apps.updateOne({ _id: id }, { $set: { [`settings.${setting.id}`]: setting } }).exec()).matchedCount === 1;
  }

  async updateAppInfo(id: string, info: IAppInfo): Promise<boolean> {
    return (await this.apps.updateOne({ _id: id }, { $set: { info } }).exec()).matchedCount === 1;
  }

  async updateMarketplaceInfo(id: string, marketplaceInfo: IMarketplaceInfo[]): Promise<boolean> {
    return (await this.apps.updateOne({ _id: id }, { $set: { marketplaceInfo } }).exec()).matchedCount === 1;
  }
}

const SIGNING_KEY_ID = 'apps-engine:signing-key';

/** The uploaded packages, one per app; also the cluster's app-signing key pair (one document, made once). */
@Injectable()
export class MongoAppSourceStorage extends AppSourceStorage {
  constructor(@InjectModel(APP_PACKAGE_MODEL) private readonly packages: Model<Doc>) {
    super();
  }

  async store(item: IAppStorageItem, zip: Buffer): Promise<string> {
    await this.packages.updateOne({ _id: item.id }, { $set: { zip } }, { upsert: true }).exec();
    return `mongodb:${item.id}`;
  }

  async fetch(item: IAppStorageItem): Promise<Buffer> {
    const doc = await this.packages.findById(item.id).lean<{ zip: { buffer: Buffer } | Buffer }>().exec();
    if (!doc) throw new Error(`No package stored for app ${item.id}`);
    return Buffer.isBuffer(doc.zip) ? doc.zip : Buffer.from(doc.zip.buffer);
  }

  update(item: IAppStorageItem, zip: Buffer): Promise<string> {
    return this.store(item, zip);
  }

  async remove(item: IAppStorageItem): Promise<void> {
    await this.packages.deleteOne({ _id: item.id }).exec();
  }

  /** The RSA key pair the engine signs installed apps with, the same on every instance. */
  async signingKeys(): Promise<{ privateKey: string; publicKey: string }> {
    const existing = await this.packages.findById(SIGNING_KEY_ID).lean<{ privateKey: string; publicKey: string }>().exec();
    if (existing) return existing;
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    try {
      await this.packages.create({ _id: SIGNING_KEY_ID, privateKey, publicKey });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    return (await this.packages.findById(SIGNING_KEY_ID).lean<{ privateKey: string; publicKey: string }>().exec())!;
  }
}

/** `rocketchat_apps_logs`. */
@Injectable()
export class MongoAppLogStorage extends AppLogStorage {
  constructor(@InjectModel(APP_LOG_MODEL) private readonly logs: Model<Doc>) {
    super('mongodb');
  }

  async findPaginated(query: Doc, options: IAppLogStorageFindOptions = {}): Promise<{ logs: ILoggerStorageEntry[]; total: number }> {
    const [logs, total] = await Promise.all([
      this.logs
        .find(query, options.projection ?? {})
        .sort(options.sort ?? { _createdAt: -1 })
        .skip(options.skip ?? 0)
        .limit(options.limit ?? 50)
        .lean<ILoggerStorageEntry[]>()
        .exec(),
      this.logs.countDocuments(query).exec(),
    ]);
    return { logs, total };
  }

  async storeEntries(entry: ILoggerStorageEntry): Promise<ILoggerStorageEntry> {
    const doc = { ...entry, _id: randomId(), _createdAt: new Date() } as unknown as Doc;
    await this.logs.create(doc);
    return doc as unknown as ILoggerStorageEntry;
  }

  getEntriesFor(appId: string): Promise<ILoggerStorageEntry[]> {
    return this.logs.find({ appId }).sort({ _createdAt: 1 }).lean<ILoggerStorageEntry[]>().exec();
  }

  async removeEntriesFor(appId: string): Promise<void> {
    await this.logs.deleteMany({ appId }).exec();
  }
}
