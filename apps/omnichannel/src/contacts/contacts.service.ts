import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type ILivechatContact,
  type ILivechatContactChannel,
  type ILivechatContactConflictingField,
  type ILivechatContactVisitorAssociation,
  type ILivechatContactWithManagerData,
  type ILivechatCustomField,
  type ILivechatVisitor,
  type RpcParsedRequest,
  type omnichannelCheckContactExistence,
  type omnichannelContactHistory,
  type omnichannelCreateContact,
  type omnichannelRegisterContact,
  type omnichannelResolveContactConflicts,
  type omnichannelSearchContacts,
  type omnichannelUpdateContact,
} from '@rc/contracts';
import {
  LIVECHAT_AGENT_ROLE,
  LivechatContactsRepository,
  LivechatCustomFieldsRepository,
  LivechatInquiriesRepository,
  LivechatVisitorsRepository,
  RoomsRepository,
  SubscriptionsRepository,
  UsersRepository,
  randomId,
  visitorContactId,
} from '@rc/models';
import { PermissionChecker } from '@rc/permissions';
import { SettingsCache } from '@rc/settings';
import { validateCustomFields } from './custom-fields.js';
import { PageSize } from '@rc/settings';

const unauthorized = () => new DomainError(ErrorCode.Unauthorized, 'User does not have the permissions required for this action');
const contactNotFound = () => new DomainError(ErrorCode.ContactNotFound, 'error-contact-not-found');
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A livechat visitor's source of a chat, as a contact's channel records it (`IOmnichannelSource`). */
export interface ChatSource {
  type: string;
  id?: string;
  alias?: string;
  label?: string;
}

/**
 * Rocket.Chat 7's contacts (`rocketchat_livechat_contact`): one person across their visitors and channels.
 * A visitor's first chat through a source links them to a contact (an agent-created one with their e-mail or
 * phone, else a new, unknown one); what they register later is merged into their contacts. Agents and managers
 * create, update, read, search contacts and read their closed chats; the older visitor-based routes remain.
 */
@Injectable()
export class ContactsService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly permissions: PermissionChecker,
    private readonly contacts: LivechatContactsRepository,
    private readonly visitors: LivechatVisitorsRepository,
    private readonly customFields: LivechatCustomFieldsRepository,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly inquiries: LivechatInquiriesRepository,
    private readonly users: UsersRepository,
    private readonly settings: SettingsCache,
  ) {}

  private async require(actor: Actor, permission: string): Promise<void> {
    if (!(await this.permissions.check(actor.userId, [permission]))) throw unauthorized();
  }

  private visitorFields(): Promise<ILivechatCustomField[]> {
    return this.customFields.findByScope('visitor');
  }

  /** Rocket.Chat's `validateContactManager`: the manager is a user holding the `livechat-agent` role. */
  private async validateContactManager(userId: string): Promise<void> {
    const user = await this.users.findLivechatAgentById(userId);
    if (!user?.roles?.includes(LIVECHAT_AGENT_ROLE)) {
      throw new DomainError(ErrorCode.ContactManagerNotFound, 'error-contact-manager-not-found');
    }
  }

  // ── linking visitors (the widget's chats) ───────────────────────────────────────────────────────────────

  /**
   * Rocket.Chat's `migrateVisitorIfMissingContact`, when a visitor's chat starts: the contact already holding this
   * visitor's channel of that source; else an agent-created contact without channels sharing an e-mail or phone,
   * which gets the channel; else a new contact from the visitor (unknown until an agent confirms it). Two first
   * chats of one visitor at once settle on one contact: the channel is added to an agent-created contact once
   * (a conditional write), and the new contact's `_id` is derived from the visitor and source, so the second
   * insert is refused by the `_id` index and that chat takes the first one's contact.
   */
  async contactForChat(visitor: ILivechatVisitor, source: ChatSource): Promise<ILivechatContact> {
    const association: ILivechatContactVisitorAssociation = {
      visitorId: visitor._id,
      source: { type: source.type, ...(source.id && { id: source.id }) },
    };
    const existing = await this.contacts.findByVisitor(association);
    if (existing) return existing;
    const channel = {
      name: source.label ?? source.type,
      visitor: association,
      blocked: false,
      verified: false,
      details: source,
      ...(visitor.lastChat && { lastChat: visitor.lastChat }),
    };
    const emails = (visitor.visitorEmails ?? []).map((e) => e.address);
    const phones = (visitor.phone ?? []).map((p) => p.phoneNumber);
    const matching = await this.contacts.findPreRegisteredMatching(emails, phones, association);
    if (matching) {
      await this.contacts.addChannel(matching._id, channel);
      await this.contacts.merge(matching._id, { emails, phones });
      return (await this.contacts.findById(matching._id)) ?? matching;
    }
    const fields = validateCustomFields(await this.visitorFields(), visitor.livechatData ?? {}, {
      ignoreAdditionalFields: true,
      ignoreValidationErrors: true,
    });
    const manager = visitor.contactManager?.username ? await this.users.findLivechatAgentByUsername(visitor.contactManager.username) : null;
    const contact = {
      name: visitor.name || visitor.username,
      ...(emails.length && { emails: emails.map((address) => ({ address })) }),
      ...(phones.length && { phones: phones.map((phoneNumber) => ({ phoneNumber })) }),
      ...(manager && { contactManager: manager._id }),
      unknown: true,
      channels: [channel],
      customFields: fields,
      ...(visitor.lastChat && { lastChat: visitor.lastChat }),
    };
    const created = await this.contacts.insertWithId({ _id: visitorContactId(association), ...contact });
    if (created) return created;
    // Another chat of this visitor inserted it first: theirs is the contact.
    const first = await this.contacts.findByVisitor(association);
    if (first) return first;
    // That contact was deleted since (disabled, its channels removed): a new one.
    return this.contacts.insert(contact);
  }

  /** The contact's and its channel's last chat (a room just opened). */
  async chatStarted(contactId: string, visitorId: string, source: ChatSource, chat: { _id: string; ts: Date }): Promise<void> {
    await this.contacts.setLastChat(contactId, { visitorId, source: { type: source.type } }, chat);
  }

  /**
   * Rocket.Chat's `registerGuestData`: what a registered visitor says of themselves reaches the contacts holding
   * their channels: e-mail addresses and phone numbers are added; a new name replaces an unknown contact's and is
   * a conflict on a known one's.
   */
  async visitorRegistered(visitor: ILivechatVisitor, data: { name?: string; email?: string; phone?: string }): Promise<void> {
    const email = data.email?.trim().toLowerCase();
    const validEmail = email && EMAIL.test(email) ? email : undefined;
    const name = data.name || undefined;
    if (!name && !validEmail && !data.phone) return;
    for (const contact of await this.contacts.findAllByVisitorId(visitor._id)) {
      const conflicts: ILivechatContactConflictingField[] = [];
      let set: { name?: string } | undefined;
      if (name && name !== contact.name) {
        if (contact.unknown || !contact.name) set = { name };
        else if (!contact.conflictingFields?.some((c) => c.field === 'name' && c.value === name))
          conflicts.push({ field: 'name', value: name });
      }
      await this.contacts.merge(contact._id, {
        set,
        emails: validEmail ? [validEmail] : [],
        phones: data.phone ? [data.phone] : [],
        conflicts,
      });
      if (set?.name) await this.renameChats(contact._id, set.name);
    }
  }

  /**
   * Rocket.Chat's `updateContactsCustomFields`: a visitor's custom field values (`livechat/custom.field(s)`) reach
   * their contacts: set where the contact has none or `overwrite`, else a `customFields.<id>` conflict.
   */
  async visitorCustomFieldsSet(visitorId: string, fields: Array<{ key: string; value: string; overwrite: boolean }>): Promise<void> {
    for (const contact of await this.contacts.findAllByVisitorId(visitorId)) {
      const set: Record<string, string> = {};
      const conflicts: ILivechatContactConflictingField[] = [];
      for (const { key, value, overwrite } of fields) {
        const field = `customFields.${key}` as const;
        const current = contact.customFields?.[key];
        if (overwrite || !current) set[field] = value;
        else if (current !== value && !contact.conflictingFields?.some((c) => c.field === field && c.value === value)) {
          conflicts.push({ field, value });
        }
      }
      await this.contacts.setCustomFieldValues(contact._id, set, conflicts);
    }
  }

  /** A contact's new name on its rooms, the agents' subscriptions to them and their inquiries. */
  private async renameChats(contactId: string, name: string): Promise<void> {
    const rids = await this.rooms.findLivechatIdsOfContact(contactId);
    if (!rids.length) return;
    await Promise.all([
      this.rooms.renameLivechat(rids, name),
      this.subscriptions.renameLivechat(rids, name),
      this.inquiries.renameByRids(rids, name),
    ]);
  }

  // ── Rocket.Chat 7's contact routes ──────────────────────────────────────────────────────────────────────

  async create({ actor, contact }: RpcParsedRequest<typeof omnichannelCreateContact>): Promise<{ contactId: string }> {
    await this.require(actor, 'create-livechat-contact');
    if (contact.contactManager) await this.validateContactManager(contact.contactManager);
    const customFields = validateCustomFields(await this.visitorFields(), contact.customFields ?? {});
    const created = await this.contacts.insert({
      name: contact.name,
      emails: contact.emails.map((address) => ({ address })),
      phones: contact.phones.map((phoneNumber) => ({ phoneNumber })),
      ...(contact.contactManager && { contactManager: contact.contactManager }),
      channels: [],
      customFields,
      unknown: false,
    });
    return { contactId: created._id };
  }

  async update({ actor, contact: input }: RpcParsedRequest<typeof omnichannelUpdateContact>): Promise<{ contact: ILivechatContact }> {
    await this.require(actor, 'update-livechat-contact');
    const contact = await this.contacts.findById(input.contactId);
    if (!contact) throw contactNotFound();
    if (input.contactManager) await this.validateContactManager(input.contactManager);
    let customFields: Record<string, unknown> | undefined;
    if (input.customFields) {
      // Fields no longer defined in the workspace are kept as they are, and may be sent back unchanged.
      const defined = await this.visitorFields();
      const definedIds = new Set(defined.map((f) => f._id));
      const stale = Object.keys(contact.customFields ?? {}).filter((id) => !definedIds.has(id));
      customFields = validateCustomFields([...defined, ...stale.map((_id) => ({ _id }))], input.customFields);
      for (const id of stale) customFields[id] = contact.customFields?.[id];
    }
    const updated = await this.contacts.update(contact._id, {
      ...(input.name != null && { name: input.name }),
      ...(input.emails && { emails: input.emails.map((address) => ({ address })) }),
      ...(input.phones && { phones: input.phones.map((phoneNumber) => ({ phoneNumber })) }),
      ...(input.contactManager && { contactManager: input.contactManager }),
      ...(customFields && { customFields }),
      ...(input.wipeConflicts && { conflictingFields: [] }),
    });
    if (!updated) throw contactNotFound();
    if (input.name != null && input.name !== contact.name) await this.renameChats(contact._id, input.name);
    return { contact: updated };
  }

  async get(actor: Actor, contactId: string): Promise<{ contact: ILivechatContact }> {
    await this.require(actor, 'view-livechat-contact');
    const contact = await this.contacts.findEnabledById(contactId);
    if (!contact) throw new DomainError(ErrorCode.NotFound, 'Resource not found');
    return { contact };
  }

  async search({ actor, searchText, unknown, sort, offset, count }: RpcParsedRequest<typeof omnichannelSearchContacts>) {
    await this.require(actor, 'view-livechat-contact');
    const limit = this.pageSize.count(count);
    const { items, total } = await this.contacts.page({ searchText, unknown }, sort ?? { name: 1 }, offset, limit);
    const managerIds = [...new Set(items.map((c) => c.contactManager).filter((id): id is string => !!id))];
    const managers = new Map((managerIds.length ? await this.users.findRoomUsersByIds(managerIds) : []).map((u) => [u._id, u]));
    const contacts: ILivechatContactWithManagerData[] = items.map(({ contactManager, ...contact }) => {
      const manager = contactManager ? managers.get(contactManager) : undefined;
      return { ...contact, ...(manager && { contactManager: { _id: manager._id, username: manager.username ?? '', name: manager.name } }) };
    });
    // Rocket.Chat answers the page size asked for as `count`.
    return { contacts, count: limit, offset, total };
  }

  async history({ actor, contactId, source, sort, offset, count }: RpcParsedRequest<typeof omnichannelContactHistory>) {
    await this.require(actor, 'view-livechat-contact-history');
    const contact = await this.contacts.findById(contactId);
    if (!contact) throw contactNotFound();
    const { items, total } = await this.rooms.findClosedLivechatPageOfContact(
      contact._id,
      source,
      sort ?? { closedAt: -1 },
      offset,
      this.pageSize.count(count),
    );
    return { history: items, count: items.length, offset, total };
  }

  /**
   * Rocket.Chat's `resolveContactConflicts` (`contacts.conflicts`): the name, manager and custom field values
   * chosen are set and their conflicts dropped, or every conflict with `wipeConflicts`.
   */
  async resolveConflicts({
    actor,
    contactId,
    name,
    customFields,
    contactManager,
    wipeConflicts,
  }: RpcParsedRequest<typeof omnichannelResolveContactConflicts>): Promise<{ result: ILivechatContact }> {
    await this.require(actor, 'update-livechat-contact');
    const contact = await this.contacts.findById(contactId);
    if (!contact) throw contactNotFound();
    if (contactManager) await this.validateContactManager(contactManager);
    let chosen: Record<string, unknown> | undefined;
    if (customFields) {
      // The values chosen among those in conflict: of a defined field (or one the contact holds), as text.
      // Rocket.Chat writes whatever it is given; keys naming no field and values that are no text are refused.
      const known = new Set([...(await this.visitorFields()).map((f) => f._id), ...Object.keys(contact.customFields ?? {})]);
      for (const [key, value] of Object.entries(customFields)) {
        if (!known.has(key)) throw new DomainError(ErrorCode.CustomFieldNotAllowed, `Custom field ${key} is not allowed`, { key });
        if (typeof value !== 'string') {
          throw new DomainError(ErrorCode.InvalidCustomFieldValue, `Invalid value for ${key} field`, { field: key });
        }
      }
      chosen = customFields;
    }
    const resolved = new Set([
      ...(name ? ['name'] : []),
      ...(contactManager ? ['manager'] : []),
      ...Object.keys(chosen ?? {}).map((key) => `customFields.${key}`),
    ]);
    const conflictingFields = wipeConflicts ? [] : (contact.conflictingFields ?? []).filter((c) => !resolved.has(c.field));
    const updated = await this.contacts.update(contact._id, {
      ...(name && { name }),
      ...(contactManager && { contactManager }),
      ...(chosen && { customFields: { ...contact.customFields, ...chosen } }),
      conflictingFields,
    });
    if (!updated) throw contactNotFound();
    if (name && name !== contact.name) await this.renameChats(contact._id, name);
    return { result: updated };
  }

  /** Rocket.Chat's `getContactChannelsGrouped`: one channel per name, the one chatted through last. */
  async channels(actor: Actor, contactId: string): Promise<{ channels: ILivechatContactChannel[] }> {
    await this.require(actor, 'view-livechat-contact');
    const contact = await this.contacts.findById(contactId);
    const byName = new Map<string, ILivechatContactChannel>();
    for (const channel of contact?.channels ?? []) {
      const seen = byName.get(channel.name);
      const ts = (c?: ILivechatContactChannel) => (c?.lastChat?.ts ? new Date(c.lastChat.ts).getTime() : 0);
      if (!seen || ts(channel) > ts(seen)) byName.set(channel.name, channel);
    }
    return { channels: [...byName.values()] };
  }

  async checkExistence(request: RpcParsedRequest<typeof omnichannelCheckContactExistence>): Promise<{ exists: boolean }> {
    const { actor, ...info } = request;
    await this.require(actor, 'view-livechat-contact');
    return { exists: (await this.contacts.countByContactInfo(info)) > 0 };
  }

  /**
   * Rocket.Chat's `disableContactById` (`contacts.delete`): refused while one of the contact's chats is open
   * (unless `Livechat_Allow_collect_and_store_HTTP_header_informations`); its channels' visitors are removed and
   * the contact disabled, its personal data unset.
   */
  async remove(actor: Actor, contactId: string): Promise<void> {
    await this.require(actor, 'delete-livechat-contact');
    const contact = await this.contacts.findEnabledById(contactId);
    if (!contact) throw new DomainError(ErrorCode.NotFound, 'error-contact-not-found');
    const allowOpen = this.settings.get<boolean>('Livechat_Allow_collect_and_store_HTTP_header_informations') === true;
    if (!allowOpen && (await this.rooms.countOpenLivechatOfContact(contactId)) > 0) {
      // Rocket.Chat's route answers any failure but "not found" as `error-invalid-contact`.
      throw new DomainError(ErrorCode.PlainFailure, 'error-invalid-contact');
    }
    for (const channel of contact.channels ?? []) await this.visitors.removeById(channel.visitor.visitorId);
    await this.contacts.disable(contactId);
  }

  // ── the older visitor-based routes (`view-l-room`) ──────────────────────────────────────────────────────

  /**
   * Rocket.Chat's `registerContact`: the visitor of the token (else the one with that e-mail, else a new one)
   * gets the name, e-mail, phone, custom fields and contact manager given; an empty e-mail or phone removes it.
   * Their rooms are renamed. Answers the visitor's id.
   */
  async register({ actor, contact }: RpcParsedRequest<typeof omnichannelRegisterContact>): Promise<{ contact: string }> {
    await this.require(actor, 'view-l-room');
    const email = (contact.email ?? '').trim().toLowerCase();
    const manager = contact.contactManager?.username;
    if (manager) {
      const user = await this.users.findLivechatAgentByUsername(manager);
      if (!user) throw new DomainError(ErrorCode.ContactManagerNotFound, `No user found with username ${manager}`);
      if (!user.roles?.includes(LIVECHAT_AGENT_ROLE)) {
        throw new DomainError(ErrorCode.InvalidContactManager, 'The contact manager must have the role "livechat-agent"');
      }
    }
    const livechatData = validateCustomFields(await this.visitorFields(), contact.customFields ?? {}, { ignoreAdditionalFields: true });
    const existing = (await this.visitors.findByToken(contact.token)) ?? (email ? await this.visitors.findByEmail(email) : null);
    const visitorId = existing?._id ?? (await this.visitors.insertBare(contact.token, contact.username || `guest-${randomId(6)}`))._id;
    const visitor = await this.visitors.setContactData(
      visitorId,
      {
        token: contact.token,
        name: contact.name,
        livechatData,
        ...(contact.phone && { phone: [{ phoneNumber: contact.phone }] }),
        ...(email && { visitorEmails: [{ address: email }] }),
        ...(manager && { contactManager: { username: manager } }),
      },
      [...(contact.phone === '' ? ['phone'] : []), ...(email === '' ? ['visitorEmails'] : []), ...(manager ? [] : ['contactManager'])],
    );
    const rids = await this.rooms.findLivechatIdsOfVisitor(visitorId);
    if (rids.length) {
      await Promise.all([
        this.rooms.renameLivechat(rids, contact.name),
        this.subscriptions.renameLivechat(rids, contact.name),
        this.inquiries.renameByRids(rids, contact.name),
      ]);
    }
    if (visitor) await this.visitorRegistered(visitor, { name: contact.name, email, phone: contact.phone ?? undefined });
    return { contact: visitorId };
  }

  async visitorContact(actor: Actor, contactId: string): Promise<{ contact: ILivechatVisitor | null }> {
    await this.require(actor, 'view-l-room');
    return { contact: await this.visitors.findById(contactId) };
  }

  /** Rocket.Chat's `omnichannel/contact.search`: by e-mail (whole, any case), phone and searchable visitor custom fields. */
  async searchVisitor(actor: Actor, email: string | undefined, phone: string | undefined, custom: string | undefined) {
    await this.require(actor, 'view-l-room');
    let values: Record<string, unknown> = {};
    if (custom) {
      try {
        values = JSON.parse(custom) as Record<string, unknown>;
      } catch {
        throw new DomainError(ErrorCode.InvalidParamsCustom, 'error-invalid-params-custom');
      }
      if (typeof values !== 'object' || values === null || Array.isArray(values)) {
        throw new DomainError(ErrorCode.InvalidParamsCustom, 'error-invalid-params-custom');
      }
    }
    if (!email && !phone && !Object.keys(values).length) throw new DomainError(ErrorCode.MissingParams, 'error-invalid-params');
    const searchable = await this.customFields.findSearchableVisitorFields(Object.keys(values));
    const fields = Object.fromEntries(
      searchable.filter((f) => typeof values[f._id] === 'string').map((f) => [f._id, values[f._id] as string]),
    );
    return { contact: await this.visitors.findByContactCriteria({ email, phone, customFields: fields }) };
  }
}
