import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type {
  ILivechatContact,
  ILivechatContactChannel,
  ILivechatContactConflictingField,
  ILivechatContactVisitorAssociation,
} from '@rc/contracts';
import { createHash } from 'node:crypto';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/duplicate-key.js';
import { escapeRegExp } from '../common/escape-regex.js';
import { randomId } from '../common/random-id.js';
import { LIVECHAT_CONTACT_MODEL } from './livechat.schemas.js';
import type { Paged } from './paged.js';

/** The channel of one visitor through one source type (`channels.visitor`), as a query on the contacts. */
const channelOf = ({ visitorId, source }: ILivechatContactVisitorAssociation) => ({
  channels: { $elemMatch: { 'visitor.visitorId': visitorId, 'visitor.source.type': source.type } },
});

const UNMISTAKABLE = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

/**
 * The id of the contact a visitor's first chat through a source creates: derived from the visitor and the source,
 * in Rocket.Chat's id alphabet, so that two first chats of one visitor opened at once insert the same `_id` and
 * the unique `_id` index lets one of them win (the other links to it).
 */
export function visitorContactId({ visitorId, source }: ILivechatContactVisitorAssociation): string {
  const digest = createHash('sha256')
    .update(`${visitorId}\n${source.type}\n${source.id ?? ''}`)
    .digest();
  let id = '';
  for (let i = 0; i < 17; i++) id += UNMISTAKABLE[digest[i] % UNMISTAKABLE.length];
  return id;
}

/** `rocketchat_livechat_contact` (Rocket.Chat 7's contacts), owned by omnichannel. */
@Injectable()
export class LivechatContactsRepository {
  constructor(@InjectModel(LIVECHAT_CONTACT_MODEL) private readonly contacts: Model<ILivechatContact>) {}

  async insert(contact: Omit<ILivechatContact, '_id' | '_updatedAt' | 'createdAt'>): Promise<ILivechatContact> {
    const doc = { _id: randomId(), createdAt: new Date(), ...contact };
    await this.contacts.create(doc);
    return (await this.findById(doc._id))!;
  }

  /** Inserts the contact with its given `_id`; `null` when a contact with that id exists already. */
  async insertWithId(contact: Omit<ILivechatContact, '_updatedAt' | 'createdAt'>): Promise<ILivechatContact | null> {
    try {
      await this.contacts.create({ createdAt: new Date(), ...contact });
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
    return this.findById(contact._id);
  }

  findById(id: string): Promise<ILivechatContact | null> {
    return this.contacts.findById(id).lean<ILivechatContact>().exec();
  }

  /** Rocket.Chat's `findOneEnabledById`: a disabled (deleted) contact is none. */
  findEnabledById(id: string): Promise<ILivechatContact | null> {
    return this.contacts
      .findOne({ _id: id, enabled: { $ne: false } })
      .lean<ILivechatContact>()
      .exec();
  }

  /** The contact holding this visitor's channel of that source type. */
  findByVisitor(association: ILivechatContactVisitorAssociation): Promise<ILivechatContact | null> {
    return this.contacts.findOne(channelOf(association)).lean<ILivechatContact>().exec();
  }

  /** Every contact with a channel of this visitor (whatever the source). */
  findAllByVisitorId(visitorId: string): Promise<ILivechatContact[]> {
    return this.contacts.find({ 'channels.visitor.visitorId': visitorId }).lean<ILivechatContact[]>().exec();
  }

  /**
   * Rocket.Chat's `findContactMatchingVisitor`: a contact created by an agent (no channel yet) with one of the
   * visitor's e-mail addresses or phone numbers, to link the visitor to instead of creating another. One that
   * has just been linked to this very visitor's channel (a second chat of theirs opened at the same time) still
   * matches, so both chats settle on it.
   */
  findPreRegisteredMatching(
    emails: string[],
    phones: string[],
    association: ILivechatContactVisitorAssociation,
  ): Promise<ILivechatContact | null> {
    const or = [
      ...(emails.length ? [{ 'emails.address': { $in: emails } }] : []),
      ...(phones.length ? [{ 'phones.phoneNumber': { $in: phones } }] : []),
    ];
    if (!or.length) return Promise.resolve(null);
    return this.contacts
      .findOne({
        $and: [{ $or: or }, { $or: [{ 'channels.0': { $exists: false } }, channelOf(association)] }],
        enabled: { $ne: false },
      })
      .sort({ createdAt: 1 })
      .lean<ILivechatContact>()
      .exec();
  }

  /** Adds a channel unless the contact already has one for that visitor and source type (one writer wins). */
  async addChannel(id: string, channel: ILivechatContactChannel): Promise<boolean> {
    const result = await this.contacts.updateOne({ _id: id, $nor: [channelOf(channel.visitor)] }, { $push: { channels: channel } }).exec();
    return result.modifiedCount === 1;
  }

  /** The contact's and that channel's last chat. */
  async setLastChat(id: string, association: ILivechatContactVisitorAssociation, lastChat: { _id: string; ts: Date }): Promise<void> {
    await this.contacts
      .updateOne(
        { _id: id },
        { $set: { lastChat, 'channels.$[channel].lastChat': lastChat } },
        {
          arrayFilters: [{ 'channel.visitor.visitorId': association.visitorId, 'channel.visitor.source.type': association.source.type }],
        },
      )
      .exec();
  }

  /** Rocket.Chat's `updateContact`: the given fields, and the contact is known from now on. */
  update(id: string, set: Partial<ILivechatContact>): Promise<ILivechatContact | null> {
    return this.contacts
      .findOneAndUpdate({ _id: id }, { $set: { ...set, unknown: false } }, { returnDocument: 'after' })
      .lean<ILivechatContact>()
      .exec();
  }

  /**
   * What a visitor told of themselves merged into a contact (Rocket.Chat's `ContactMerger`): new e-mail addresses
   * and phone numbers added; `set` written as is; values differing from a known contact's kept as conflicts.
   */
  async merge(
    id: string,
    change: {
      set?: Partial<Pick<ILivechatContact, 'name'>>;
      emails?: string[];
      phones?: string[];
      conflicts?: ILivechatContactConflictingField[];
    },
  ): Promise<void> {
    const update: Record<string, unknown> = {};
    if (change.set && Object.keys(change.set).length) update.$set = change.set;
    const addToSet: Record<string, unknown> = {};
    if (change.emails?.length) addToSet.emails = { $each: change.emails.map((address) => ({ address })) };
    if (change.phones?.length) addToSet.phones = { $each: change.phones.map((phoneNumber) => ({ phoneNumber })) };
    if (change.conflicts?.length) addToSet.conflictingFields = { $each: change.conflicts };
    if (Object.keys(addToSet).length) update.$addToSet = addToSet;
    if (Object.keys(update).length) await this.contacts.updateOne({ _id: id }, update).exec();
  }

  /** Custom field values (`customFields.<id>`) set, and conflicts recorded. */
  async setCustomFieldValues(id: string, set: Record<string, string>, conflicts: ILivechatContactConflictingField[]): Promise<void> {
    const update: Record<string, unknown> = {};
    if (Object.keys(set).length) update.$set = set;
    if (conflicts.length) update.$addToSet = { conflictingFields: { $each: conflicts } };
    if (Object.keys(update).length) await this.contacts.updateOne({ _id: id, enabled: { $ne: false } }, update).exec();
  }

  /** Rocket.Chat's `countByContactInfo` (`contacts.checkExistence`): contacts with that id, e-mail or phone. */
  countByContactInfo(info: { contactId?: string; email?: string; phone?: string }): Promise<number> {
    return this.contacts
      .countDocuments({
        ...(info.email && { 'emails.address': info.email }),
        ...(info.phone && { 'phones.phoneNumber': info.phone }),
        ...(info.contactId && { _id: info.contactId }),
      })
      .exec();
  }

  /** Rocket.Chat's `disableByContactId` (`contacts.delete`): disabled, its personal data and channels removed. */
  async disable(id: string): Promise<boolean> {
    const result = await this.contacts
      .updateOne(
        { _id: id, enabled: { $ne: false } },
        {
          $set: { enabled: false },
          $unset: { emails: 1, customFields: 1, lastChat: 1, channels: 1, name: 1, phones: 1, conflictingFields: 1 },
        },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /** `contacts.search`: enabled contacts whose name, e-mail or phone contains the text; known or unknown only. */
  async page(
    filter: { searchText?: string; unknown?: boolean },
    sort: Record<string, 1 | -1>,
    offset: number,
    count: number,
  ): Promise<Paged<ILivechatContact>> {
    const query: Record<string, unknown> = { enabled: { $ne: false } };
    if (filter.searchText) {
      const re = new RegExp(escapeRegExp(filter.searchText), 'i');
      query.$or = [{ name: re }, { 'emails.address': re }, { 'phones.phoneNumber': re }];
    }
    if (filter.unknown !== undefined) query.unknown = filter.unknown ? true : { $ne: true };
    const [items, total] = await Promise.all([
      this.contacts
        .find(query)
        .sort({ ...sort, _id: 1 })
        .skip(offset)
        .limit(count)
        .lean<ILivechatContact[]>()
        .exec(),
      this.contacts.countDocuments(query).exec(),
    ]);
    return { items, total };
  }
}
