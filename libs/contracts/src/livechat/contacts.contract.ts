import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { boolean, pagination, sort } from '../core/wire-params.js';
import { ActorField, PaginationFields, SortField } from '../rooms/common-fields.js';
import type { ILivechatRoom, ILivechatVisitor } from './livechat-types.js';
import { LivechatIdField, VisitorTokenField } from './visitor.contract.js';

// ── Rocket.Chat 7's contact model (`rocketchat_livechat_contact`) ─────────────────────────────────────────

/** Which visitor of which channel a contact's channel stands for (`ILivechatContactVisitorAssociation`). */
export interface ILivechatContactVisitorAssociation {
  visitorId: string;
  source: { type: string; id?: string };
}

/** One of a contact's channels: a visitor reached through one source (the widget, an app, …). */
export interface ILivechatContactChannel {
  name: string;
  verified: boolean;
  visitor: ILivechatContactVisitorAssociation;
  blocked: boolean;
  field?: string;
  value?: string;
  verifiedAt?: Date;
  details: { type: string; id?: string; alias?: string; label?: string };
  lastChat?: { _id: string; ts: Date };
}

/** A value received for a field already set otherwise on a known contact (resolved by a manager). */
export interface ILivechatContactConflictingField {
  field: 'name' | 'manager' | `customFields.${string}`;
  value: string;
}

/** Rocket.Chat's `rocketchat_livechat_contact` document. */
export interface ILivechatContact {
  _id: string;
  name: string;
  emails?: Array<{ address: string }>;
  phones?: Array<{ phoneNumber: string }>;
  /** The agent in charge of the contact (a user id). */
  contactManager?: string;
  /** Created from a visitor and not yet confirmed by an agent. */
  unknown?: boolean;
  conflictingFields?: ILivechatContactConflictingField[];
  customFields?: Record<string, unknown>;
  channels: ILivechatContactChannel[];
  createdAt: Date;
  lastChat?: { _id: string; ts: Date };
  enabled?: boolean;
  _updatedAt: Date;
}

/** A contact as `contacts.search` lists it: the manager's id replaced by who they are. */
export type ILivechatContactWithManagerData = Omit<ILivechatContact, 'contactManager'> & {
  contactManager?: { _id: string; name?: string; username: string };
};

const Name = z.string().max(256);
const Email = z.string().min(1).max(256);
const Phone = z.string().min(1).max(64);
/** Rocket.Chat's `uniqueItems: true` lists. */
const unique = <T extends z.ZodType<string>>(item: T) =>
  z
    .array(item)
    .max(50)
    .refine((list) => new Set(list).size === list.length, 'must NOT have duplicate items');
const CustomFields = z.record(z.string().max(128), z.unknown()).refine((v) => Object.keys(v).length <= 100, 'too many custom fields');

// ── the older visitor-based forms (`view-l-room`) ─────────────────────────────────────────────────────────

/**
 * `POST omnichannel/contact {_id?, token, name, email?, phone?, username?, customFields?, contactManager?}`:
 * registers the visitor of a token (or of that e-mail) as a contact → `{contact: <visitor id>}`.
 */
export const omnichannelRegisterContact = defineRpc({
  subject: 'omnichannel.contact.register',
  request: z.strictObject({
    actor: ActorField,
    contact: z.strictObject({
      _id: LivechatIdField.nullish(),
      token: VisitorTokenField,
      name: Name,
      email: z.string().max(256).nullish(),
      phone: z.string().max(64).nullish(),
      username: z.string().max(128).nullish(),
      customFields: CustomFields.nullish(),
      contactManager: z.strictObject({ username: z.string().min(1).max(64) }).nullish(),
    }),
  }),
  response: as<{ contact: string }>(),
}).post('omnichannel/contact', {
  request: ({ actor, body }) => ({
    actor,
    contact: {
      _id: body._id,
      token: body.token,
      name: body.name,
      email: body.email,
      phone: body.phone,
      username: body.username,
      customFields: body.customFields,
      contactManager: body.contactManager,
    },
  }),
});

/** `GET omnichannel/contact?contactId` → `{contact}`: the visitor of that id (`null` when there is none). */
export const omnichannelGetVisitorContact = defineRpc({
  subject: 'omnichannel.contact.get',
  request: z.strictObject({ actor: ActorField, contactId: LivechatIdField }),
  response: as<{ contact: ILivechatVisitor | null }>(),
}).get('omnichannel/contact', { request: ({ actor, query }) => ({ actor, contactId: query.contactId }) });

/**
 * `GET omnichannel/contact.search?email&phone&custom` → `{contact}`: the visitor with that e-mail, phone and
 * searchable visitor custom field values (`custom` a JSON object; at least one criterion).
 */
export const omnichannelSearchVisitorContact = defineRpc({
  subject: 'omnichannel.contact.search',
  request: z.strictObject({
    actor: ActorField,
    email: z.string().max(256).optional(),
    phone: z.string().max(64).optional(),
    custom: z.string().max(8192).optional(),
  }),
  response: as<{ contact: ILivechatVisitor | null }>(),
}).get('omnichannel/contact.search', {
  request: ({ actor, query }) => ({ actor, email: query.email, phone: query.phone, custom: query.custom }),
});

// ── Rocket.Chat 7's contacts ─────────────────────────────────────────────────────────────────────────────

/** `POST omnichannel/contacts {name, emails, phones, customFields?, contactManager?}` → `{contactId}` (`create-livechat-contact`). */
export const omnichannelCreateContact = defineRpc({
  subject: 'omnichannel.contacts.create',
  request: z.strictObject({
    actor: ActorField,
    contact: z.strictObject({
      name: Name,
      emails: unique(Email),
      phones: unique(Phone),
      customFields: CustomFields.nullish(),
      contactManager: LivechatIdField.nullish(),
    }),
  }),
  response: as<{ contactId: string }>(),
}).post('omnichannel/contacts', {
  request: ({ actor, body }) => ({
    actor,
    contact: {
      name: body.name,
      emails: body.emails,
      phones: body.phones,
      customFields: body.customFields,
      contactManager: body.contactManager,
    },
  }),
});

/**
 * `POST omnichannel/contacts.update {contactId, name?, emails?, phones?, customFields?, contactManager?, wipeConflicts?}`
 * → `{contact}` (`update-livechat-contact`); a new name renames the contact's rooms, subscriptions and inquiries.
 */
export const omnichannelUpdateContact = defineRpc({
  subject: 'omnichannel.contacts.update',
  request: z.strictObject({
    actor: ActorField,
    contact: z.strictObject({
      contactId: LivechatIdField,
      name: Name.nullish(),
      emails: unique(Email).nullish(),
      phones: unique(Phone).nullish(),
      customFields: CustomFields.nullish(),
      contactManager: LivechatIdField.nullish(),
      wipeConflicts: z.boolean().nullish(),
    }),
  }),
  response: as<{ contact: ILivechatContact }>(),
}).post('omnichannel/contacts.update', {
  request: ({ actor, body }) => ({
    actor,
    contact: {
      contactId: body.contactId,
      name: body.name,
      emails: body.emails,
      phones: body.phones,
      customFields: body.customFields,
      contactManager: body.contactManager,
      wipeConflicts: body.wipeConflicts,
    },
  }),
});

/** `GET omnichannel/contacts.get?contactId` → `{contact}`; 404 when there is none (`view-livechat-contact`). */
export const omnichannelGetContact = defineRpc({
  subject: 'omnichannel.contacts.get',
  request: z.strictObject({ actor: ActorField, contactId: LivechatIdField }),
  response: as<{ contact: ILivechatContact }>(),
}).get('omnichannel/contacts.get', { request: ({ actor, query }) => ({ actor, contactId: query.contactId }) });

/**
 * `GET omnichannel/contacts.search?searchText&unknown&offset&count&sort` → `{contacts, count, offset, total}`:
 * by name, e-mail or phone (case-insensitive substring), by name unless sorted otherwise (`view-livechat-contact`).
 */
export const omnichannelSearchContacts = defineRpc({
  subject: 'omnichannel.contacts.search',
  request: z.strictObject({
    actor: ActorField,
    searchText: z.string().max(256).optional(),
    unknown: z.boolean().optional(),
    sort: SortField.optional(),
    ...PaginationFields,
  }),
  response: as<{ contacts: ILivechatContactWithManagerData[]; count: number; offset: number; total: number }>(),
}).get('omnichannel/contacts.search', {
  request: ({ actor, query }) => ({
    actor,
    searchText: query.searchText,
    unknown: query.unknown === undefined ? undefined : boolean(query.unknown),
    sort: sort(query.sort),
    ...pagination(query),
  }),
});

/** A closed chat of a contact as `contacts.history` lists it. */
export type ContactHistoryEntry = Pick<
  ILivechatRoom,
  '_id' | 'fname' | 'ts' | 'v' | 'msgs' | 'servedBy' | 'closedAt' | 'closedBy' | 'closer' | 'tags' | 'source' | 'lastMessage'
>;

/**
 * `GET omnichannel/contacts.history?contactId&source&offset&count&sort` → `{history, count, offset, total}`: the
 * contact's closed chats (of one source type), latest closed first (`view-livechat-contact-history`).
 */
export const omnichannelContactHistory = defineRpc({
  subject: 'omnichannel.contacts.history',
  request: z.strictObject({
    actor: ActorField,
    contactId: LivechatIdField,
    source: z.string().min(1).max(64).optional(),
    sort: SortField.optional(),
    ...PaginationFields,
  }),
  response: as<{ history: ContactHistoryEntry[]; count: number; offset: number; total: number }>(),
}).get('omnichannel/contacts.history', {
  request: ({ actor, query }) => ({
    actor,
    contactId: query.contactId,
    source: query.source,
    sort: sort(query.sort),
    ...pagination(query),
  }),
});

/**
 * `POST omnichannel/contacts.conflicts {contactId, name?, customFields?, contactManager?, wipeConflicts?}` →
 * `{result: contact}` (`update-livechat-contact`): the values chosen for conflicting fields are set and those
 * conflicts dropped (`wipeConflicts`: every conflict dropped).
 */
export const omnichannelResolveContactConflicts = defineRpc({
  subject: 'omnichannel.contacts.conflicts',
  request: z.strictObject({
    actor: ActorField,
    contactId: LivechatIdField,
    name: Name.min(1).optional(),
    customFields: CustomFields.optional(),
    contactManager: LivechatIdField.optional(),
    wipeConflicts: z.boolean().optional(),
  }),
  response: as<{ result: ILivechatContact }>(),
}).post('omnichannel/contacts.conflicts', {
  request: ({ actor, body }) => ({
    actor,
    contactId: body.contactId,
    // Rocket.Chat's `removeEmpty`: empty values are none.
    name: body.name === '' || body.name === null ? undefined : body.name,
    customFields: body.customFields ?? undefined,
    contactManager: body.contactManager === '' || body.contactManager === null ? undefined : body.contactManager,
    wipeConflicts: body.wipeConflicts ?? undefined,
  }),
});

/** `GET omnichannel/contacts.channels?contactId` → `{channels}`: one per channel name, the latest chatted (`view-livechat-contact`). */
export const omnichannelContactChannels = defineRpc({
  subject: 'omnichannel.contacts.channels',
  request: z.strictObject({ actor: ActorField, contactId: LivechatIdField }),
  response: as<{ channels: ILivechatContactChannel[] }>(),
}).get('omnichannel/contacts.channels', { request: ({ actor, query }) => ({ actor, contactId: query.contactId }) });

/**
 * `GET omnichannel/contacts.checkExistence?contactId|email|phone` (exactly one) → `{exists}`: whether a contact
 * has that id, e-mail address or phone number (`view-livechat-contact`).
 */
export const omnichannelCheckContactExistence = defineRpc({
  subject: 'omnichannel.contacts.checkExistence',
  request: z
    .strictObject({
      actor: ActorField,
      contactId: LivechatIdField.optional(),
      email: Email.regex(/^[^\s@]+@[^\s@]+$/, 'must match format "basic_email"').optional(),
      phone: Phone.optional(),
    })
    // Rocket.Chat's `oneOf` of three objects without additional properties: exactly one of them.
    .refine((r) => [r.contactId, r.email, r.phone].filter((v) => v !== undefined).length === 1, {
      message: 'must match exactly one schema in oneOf',
    }),
  response: as<{ exists: boolean }>(),
}).get('omnichannel/contacts.checkExistence', {
  request: ({ actor, query }) => ({
    actor,
    contactId: query.contactId,
    email: query.email,
    phone: query.phone,
  }),
});

/**
 * `POST omnichannel/contacts.delete {contactId}` (`delete-livechat-contact`): the contact disabled and its personal
 * data removed, with its channels' visitors; 404 when there is none, refused while it has an open chat.
 */
export const omnichannelDeleteContact = defineRpc({
  subject: 'omnichannel.contacts.delete',
  request: z.strictObject({ actor: ActorField, contactId: LivechatIdField }),
  response: as<Record<string, never>>(),
}).post('omnichannel/contacts.delete', { request: ({ actor, body }) => ({ actor, contactId: body.contactId }) });
