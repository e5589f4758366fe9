import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const LIVECHAT_VISITOR_MODEL = 'LivechatVisitor';
export const LIVECHAT_INQUIRY_MODEL = 'LivechatInquiry';
export const LIVECHAT_DEPARTMENT_MODEL = 'LivechatDepartment';
export const LIVECHAT_DEPARTMENT_AGENT_MODEL = 'LivechatDepartmentAgent';
export const LIVECHAT_CUSTOM_FIELD_MODEL = 'LivechatCustomField';
export const LIVECHAT_TRIGGER_MODEL = 'LivechatTrigger';
export const LIVECHAT_BUSINESS_HOUR_MODEL = 'LivechatBusinessHour';
export const LIVECHAT_CONTACT_MODEL = 'LivechatContact';

const id = { type: String, required: true };

export const LivechatVisitorSchema = new Schema(
  {
    _id: id,
    token: { type: String, required: true },
    username: { type: String, required: true },
    name: String,
    ts: { type: Date, required: true },
    department: String,
    visitorEmails: { type: [Schema.Types.Mixed], default: undefined },
    phone: { type: [Schema.Types.Mixed], default: undefined },
    status: String,
    lastChat: Schema.Types.Mixed,
    livechatData: Schema.Types.Mixed,
  },
  collectionOptions('rocketchat_livechat_visitor'),
);
// The widget's only credential: one visitor per token (Rocket.Chat's unique index).
LivechatVisitorSchema.index({ token: 1 }, { unique: true });
LivechatVisitorSchema.index({ username: 1 });
// A caller found by number on every call (findOrCreateByPhone, findByPhone); Rocket.Chat's index.
LivechatVisitorSchema.index({ 'phone.phoneNumber': 1 }, { sparse: true });

export const LivechatInquirySchema = new Schema(
  {
    _id: id,
    rid: { type: String, required: true },
    name: String,
    ts: { type: Date, required: true },
    message: String,
    status: { type: String, required: true },
    v: Schema.Types.Mixed,
    t: String,
    department: String,
    queuedAt: Date,
    takenAt: Date,
    takenBy: Schema.Types.Mixed,
    defaultAgent: Schema.Types.Mixed,
    source: Schema.Types.Mixed,
  },
  collectionOptions('rocketchat_livechat_inquiry'),
);
// One inquiry per room; the queue by status, department and age.
LivechatInquirySchema.index({ rid: 1 }, { unique: true });
LivechatInquirySchema.index({ status: 1, department: 1, queuedAt: 1 });

export const LivechatDepartmentSchema = new Schema(
  {
    _id: id,
    name: { type: String, required: true },
    enabled: { type: Boolean, required: true },
    description: String,
    showOnRegistration: Boolean,
    showOnOfflineForm: Boolean,
    email: String,
    numAgents: { type: Number, default: 0 },
    requestTagBeforeClosingChat: Boolean,
    chatClosingTags: { type: [String], default: undefined },
    offlineMessageChannelName: String,
  },
  collectionOptions('rocketchat_livechat_department'),
);
LivechatDepartmentSchema.index({ name: 1 });

export const LivechatDepartmentAgentSchema = new Schema(
  {
    _id: id,
    agentId: { type: String, required: true },
    departmentId: { type: String, required: true },
    departmentEnabled: Boolean,
    username: String,
    count: { type: Number, default: 0 },
    order: { type: Number, default: 0 },
  },
  collectionOptions('rocketchat_livechat_department_agents'),
);
LivechatDepartmentAgentSchema.index({ departmentId: 1, agentId: 1 }, { unique: true });
LivechatDepartmentAgentSchema.index({ agentId: 1 });

export const LivechatCustomFieldSchema = new Schema(
  {
    _id: id,
    label: String,
    scope: String,
    visibility: String,
    type: { type: String },
    regexp: String,
    required: Boolean,
    defaultValue: String,
    options: String,
    public: Boolean,
    searchable: Boolean,
  },
  collectionOptions('rocketchat_livechat_custom_field'),
);
LivechatCustomFieldSchema.index({ scope: 1 });

export const LivechatTriggerSchema = new Schema(
  {
    _id: id,
    name: String,
    description: String,
    enabled: Boolean,
    runOnce: Boolean,
    conditions: { type: [Schema.Types.Mixed], default: undefined },
    actions: { type: [Schema.Types.Mixed], default: undefined },
  },
  collectionOptions('rocketchat_livechat_trigger'),
);

export const LivechatBusinessHourSchema = new Schema(
  {
    _id: id,
    name: String,
    active: Boolean,
    type: String,
    ts: Date,
    timezone: Schema.Types.Mixed,
    workHours: { type: [Schema.Types.Mixed], default: undefined },
  },
  collectionOptions('rocketchat_livechat_business_hours'),
);
LivechatBusinessHourSchema.index({ type: 1 });

/** Rocket.Chat 7's contacts: one person across their visitors (`channels[].visitor`) and sources. */
export const LivechatContactSchema = new Schema(
  {
    _id: id,
    name: String,
    emails: { type: [Schema.Types.Mixed], default: undefined },
    phones: { type: [Schema.Types.Mixed], default: undefined },
    contactManager: String,
    unknown: Boolean,
    conflictingFields: { type: [Schema.Types.Mixed], default: undefined },
    customFields: Schema.Types.Mixed,
    channels: { type: [Schema.Types.Mixed], default: undefined },
    createdAt: Date,
    lastChat: Schema.Types.Mixed,
    enabled: Boolean,
  },
  collectionOptions('rocketchat_livechat_contact'),
);
// contacts.search (Rocket.Chat's indexes) and the contact of a visitor's channel.
LivechatContactSchema.index({ name: 1 });
LivechatContactSchema.index({ 'emails.address': 1 }, { sparse: true });
LivechatContactSchema.index({ 'phones.phoneNumber': 1 }, { sparse: true });
LivechatContactSchema.index({ 'channels.visitor.visitorId': 1 });
