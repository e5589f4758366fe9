import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ILivechatVisitor } from '@rc/contracts';
import type { Model } from 'mongoose';
import { escapeRegExp } from '../common/escape-regex.js';
import { randomId } from '../common/random-id.js';
import { LIVECHAT_VISITOR_MODEL } from './livechat.schemas.js';
import type { Paged } from './paged.js';

/** `rocketchat_livechat_visitor`, owned by omnichannel. */
@Injectable()
export class LivechatVisitorsRepository {
  constructor(@InjectModel(LIVECHAT_VISITOR_MODEL) private readonly visitors: Model<ILivechatVisitor>) {}

  findByToken(token: string): Promise<ILivechatVisitor | null> {
    return this.visitors.findOne({ token }).lean<ILivechatVisitor>().exec();
  }

  /** Creates the visitor of a token or updates the given fields (Rocket.Chat's `registerGuest`). */
  async upsertByToken(token: string, set: Partial<ILivechatVisitor>, username: string): Promise<ILivechatVisitor> {
    return await this.visitors
      .findOneAndUpdate(
        { token },
        { $set: set, $setOnInsert: { _id: randomId(), token, username, ts: new Date(), status: 'online' } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<ILivechatVisitor>()
      .exec();
  }

  /**
   * The visitor of a phone number (`phone.phoneNumber`), created when there is none (a caller on the phone, as
   * Rocket.Chat's VoIP registers one): a new token and `guest-…` username; `name` updated when given.
   */
  async findOrCreateByPhone(phoneNumber: string, name?: string): Promise<ILivechatVisitor> {
    return await this.visitors
      .findOneAndUpdate(
        { 'phone.phoneNumber': phoneNumber },
        {
          ...(name && { $set: { name } }),
          $setOnInsert: {
            _id: randomId(),
            token: randomId(),
            username: `guest-${randomId(6)}`,
            ts: new Date(),
            status: 'online',
            phone: [{ phoneNumber }],
            ...(!name && { name: phoneNumber }),
          },
        },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<ILivechatVisitor>()
      .exec();
  }

  async setStatus(token: string, status: string): Promise<boolean> {
    return (await this.visitors.updateOne({ token }, { $set: { status } }).exec()).matchedCount === 1;
  }

  async setLastChat(visitorId: string, rid: string, ts: Date): Promise<void> {
    await this.visitors.updateOne({ _id: visitorId }, { $set: { lastChat: { _id: rid, ts } } }).exec();
  }

  /** `livechatData.<key>`; kept unless `overwrite` when already set. Answers whether it was written. */
  async setCustomField(token: string, key: string, value: string, overwrite: boolean): Promise<boolean> {
    const filter = overwrite ? { token } : { token, [`livechatData.${key}`]: { $exists: false } };
    return (await this.visitors.updateOne(filter, { $set: { [`livechatData.${key}`]: value } }).exec()).matchedCount === 1;
  }

  findById(id: string): Promise<ILivechatVisitor | null> {
    return this.visitors.findById(id).lean<ILivechatVisitor>().exec();
  }

  /** Removes a visitor (their contact deleted); whether there was one. */
  async removeById(id: string): Promise<boolean> {
    return (await this.visitors.deleteOne({ _id: id }).exec()).deletedCount === 1;
  }

  async removeByToken(token: string): Promise<ILivechatVisitor | null> {
    return this.visitors.findOneAndDelete({ token }).lean<ILivechatVisitor>().exec();
  }

  /** By name, username, e-mail or phone number (case-insensitive substring), newest first. */
  async page(filter: { text?: string }, offset: number, count: number): Promise<Paged<ILivechatVisitor>> {
    const fields = ['name', 'username', 'visitorEmails.address', 'phone.phoneNumber'];
    const query = filter.text ? { $or: fields.map((f) => ({ [f]: new RegExp(escapeRegExp(filter.text!), 'i') })) } : {};
    const [items, total] = await Promise.all([
      this.visitors.find(query).sort({ ts: -1 }).skip(offset).limit(count).lean<ILivechatVisitor[]>().exec(),
      this.visitors.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  /** `visitors.autocomplete`: `_id`, `name`, `username` of visitors whose name or username contains `term`. */
  autocomplete(term: string, exceptions: string[], limit: number): Promise<Array<Pick<ILivechatVisitor, '_id' | 'name' | 'username'>>> {
    const re = new RegExp(escapeRegExp(term), 'i');
    return this.visitors
      .find(
        { $or: [{ name: re }, { username: re }], ...(exceptions.length && { _id: { $nin: exceptions } }) },
        { _id: 1, name: 1, username: 1 },
      )
      .sort({ name: 1 })
      .limit(limit)
      .lean<Array<Pick<ILivechatVisitor, '_id' | 'name' | 'username'>>>()
      .exec();
  }

  // ── the older contact form (`omnichannel/contact`, `contact.search`) ──────────────────────────────────────

  /** Rocket.Chat's `findOneGuestByEmailAddress`: the visitor with that e-mail address, any case. */
  findByEmail(email: string): Promise<ILivechatVisitor | null> {
    return this.visitors
      .findOne({ 'visitorEmails.address': new RegExp(`^${escapeRegExp(email)}$`, 'i') })
      .lean<ILivechatVisitor>()
      .exec();
  }

  /** The visitor with that phone number (`phone.phoneNumber`). */
  findByPhone(phoneNumber: string): Promise<ILivechatVisitor | null> {
    return this.visitors.findOne({ 'phone.phoneNumber': phoneNumber }).lean<ILivechatVisitor>().exec();
  }

  /** Visitors whose fields equal the given values (plain values only: the caller keeps operators out), newest first. */
  findMatching(fields: Record<string, string | number | boolean>, limit: number): Promise<ILivechatVisitor[]> {
    return this.visitors.find(fields).sort({ ts: -1 }).limit(limit).lean<ILivechatVisitor[]>().exec();
  }

  /** A visitor with only a token and a username (filled in by `setContactData`). */
  async insertBare(token: string, username: string): Promise<ILivechatVisitor> {
    const doc = { _id: randomId(), token, username, ts: new Date() };
    await this.visitors.create(doc);
    return (await this.findById(doc._id))!;
  }

  /** `omnichannel/contact`'s fields set, the emptied ones removed. */
  setContactData(id: string, set: Partial<ILivechatVisitor>, unset: string[]): Promise<ILivechatVisitor | null> {
    return this.visitors
      .findOneAndUpdate(
        { _id: id },
        { $set: set, ...(unset.length && { $unset: Object.fromEntries(unset.map((field) => [field, 1])) }) },
        { returnDocument: 'after' },
      )
      .lean<ILivechatVisitor>()
      .exec();
  }

  /**
   * Rocket.Chat's `findOneByEmailAndPhoneAndCustomField`: the visitor with that e-mail (whole, any case), that
   * phone number and custom field values containing the given ones (any case); criteria not given are not applied.
   */
  findByContactCriteria(criteria: {
    email?: string;
    phone?: string;
    customFields: Record<string, string>;
  }): Promise<ILivechatVisitor | null> {
    const query: Record<string, unknown> = {};
    if (criteria.email) query['visitorEmails.address'] = new RegExp(`^${escapeRegExp(criteria.email)}$`, 'i');
    if (criteria.phone) query['phone.phoneNumber'] = criteria.phone;
    for (const [id, value] of Object.entries(criteria.customFields)) query[`livechatData.${id}`] = new RegExp(escapeRegExp(value), 'i');
    return this.visitors.findOne(query).lean<ILivechatVisitor>().exec();
  }
}
