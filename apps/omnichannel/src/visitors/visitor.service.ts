import { Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type FileProp,
  type ILivechatInquiry,
  type ILivechatRoom,
  type ILivechatVisitor,
  type IMessage,
  type LivechatConfig,
  type RpcParsedRequest,
  type SettingValue,
  type livechatPageVisited,
  type livechatRegisterVisitor,
} from '@rc/contracts';
import { Mailer } from '@rc/mailer';
import {
  LivechatCustomFieldsRepository,
  LivechatDepartmentsRepository,
  LivechatInquiriesRepository,
  LivechatTriggersRepository,
  LivechatVisitorsRepository,
  MessagesRepository,
  RoomsRepository,
  randomId,
} from '@rc/models';
import { SettingsCache } from '@rc/settings';
import { BusinessHoursService } from '../business-hours/business-hours.service.js';
import { ContactsService, type ChatSource } from '../contacts/contacts.service.js';
import { matchesPattern } from '../contacts/custom-fields.js';
import { LivechatNotifier } from '../livechat/livechat-notifier.js';
import { RoutingService } from '../routing/routing.service.js';

type CustomFieldValue = { key: string; value: string; overwrite: boolean };

const invalidToken = () => new DomainError(ErrorCode.InvalidGuestToken, 'Invalid token');
const invalidRoom = () => new DomainError(ErrorCode.InvalidRoom, 'Invalid room');
const roomClosed = () => new DomainError(ErrorCode.RoomClosed, 'Room closed');

/** The widget's API: visitors (authenticated by their token alone), their room, messages, navigation and transcript. */
@Injectable()
export class VisitorService {
  private readonly logger = new Logger(VisitorService.name);

  constructor(
    private readonly settings: SettingsCache,
    private readonly visitors: LivechatVisitorsRepository,
    private readonly rooms: RoomsRepository,
    private readonly inquiries: LivechatInquiriesRepository,
    private readonly messages: MessagesRepository,
    private readonly departments: LivechatDepartmentsRepository,
    private readonly customFields: LivechatCustomFieldsRepository,
    private readonly triggers: LivechatTriggersRepository,
    private readonly routing: RoutingService,
    private readonly notifier: LivechatNotifier,
    private readonly mailer: Mailer,
    private readonly businessHours: BusinessHoursService,
    private readonly contacts: ContactsService,
  ) {}

  async visitor(token: string): Promise<ILivechatVisitor> {
    const visitor = await this.visitors.findByToken(token);
    if (!visitor) throw invalidToken();
    return visitor;
  }

  /** The visitor's own room: another visitor's, or an unknown one, is "invalid room" (nothing of it is told). */
  async ownRoom(token: string, rid: string): Promise<{ visitor: ILivechatVisitor; room: ILivechatRoom }> {
    const visitor = await this.visitor(token);
    const room = await this.rooms.findLivechatById(rid);
    if (!room || room.v?.token !== token) throw invalidRoom();
    return { visitor, room };
  }

  private assertEnabled(): void {
    if (this.settings.get<boolean>('Livechat_enabled') === false) {
      throw new DomainError(ErrorCode.LivechatDisabled, 'Livechat is disabled');
    }
  }

  async getConfig(token?: string, department?: string): Promise<LivechatConfig> {
    const s = <T extends SettingValue = SettingValue>(id: string) => this.settings.get<T>(id);
    const departments = (await this.departments.enabledForRegistration()).map((d) => ({
      _id: d._id,
      name: d.name,
      showOnRegistration: d.showOnRegistration,
      showOnOfflineForm: d.showOnOfflineForm,
    }));
    const guest = token ? ((await this.visitors.findByToken(token)) ?? undefined) : undefined;
    const room = guest ? ((await this.rooms.findOpenLivechatByVisitorToken(guest.token)) ?? undefined) : undefined;
    const agent = room?.servedBy ? ((await this.routing.agentInfo(room.servedBy._id)) ?? undefined) : undefined;
    return {
      enabled: s<boolean>('Livechat_enabled') !== false,
      online: (await this.businessHours.isOpenNow()) && (await this.routing.anyAgentOnline(department)),
      settings: {
        registrationForm: s('Livechat_registration_form'),
        allowSwitchingDepartments: s('Livechat_allow_switching_departments'),
        nameFieldRegistrationForm: s('Livechat_name_field_registration_form'),
        emailFieldRegistrationForm: s('Livechat_email_field_registration_form'),
        displayOfflineForm: s('Livechat_display_offline_form'),
        videoCall: false,
        fileUpload: s('Livechat_fileupload_enabled'),
        language: '',
        transcript: s('Livechat_enable_transcript'),
        historyMonitorType: s('Livechat_history_monitor_type'),
        forceAcceptDataProcessingConsent: s('Livechat_force_accept_data_processing_consent'),
        showConnecting: false,
        agentHiddenInfo: s<boolean>('Livechat_show_agent_info') === false,
        clearLocalStorageWhenChatEnded: false,
        limitTextLength: s<boolean>('Livechat_enable_message_character_limit') ? s('Livechat_message_character_limit') : false,
        hiddenSystemMessages: [],
      },
      theme: {
        title: s('Livechat_title'),
        color: s('Livechat_title_color'),
        offlineTitle: s('Livechat_offline_title'),
        offlineColor: s('Livechat_offline_title_color'),
        position: s('Livechat_widget_position'),
        actionLinks: { webrtc: [], jitsi: [] },
      },
      messages: {
        offlineMessage: s('Livechat_offline_message'),
        offlineSuccessMessage: s('Livechat_offline_success_message'),
        offlineUnavailableMessage: s('Livechat_offline_form_unavailable'),
        conversationFinishedMessage: s('Livechat_conversation_finished_message'),
        conversationFinishedText: s('Livechat_conversation_finished_text'),
        transcriptMessage: s('Livechat_transcript_message'),
        registrationFormMessage: s('Livechat_registration_form_message'),
        dataProcessingConsentText: s('Livechat_data_processing_consent_text'),
      },
      survey: { items: ['satisfaction', 'agentKnowledge', 'agentResposiveness', 'agentFriendliness'], values: ['1', '2', '3', '4', '5'] },
      triggers: (await this.triggers.enabled()).map(({ _id, actions, conditions, runOnce }) => ({
        _id,
        actions,
        conditions,
        runOnce,
      })),
      departments,
      resources: { sound: 'chime' },
      ...(guest && { guest }),
      ...(room && { room }),
      ...(agent && { agent }),
    };
  }

  /** A department a visitor may choose: it exists, is enabled and is offered on the registration form. */
  private async choosableDepartment(value: string) {
    const department = await this.departments.findByIdOrName(value);
    if (!department || !department.enabled || !department.showOnRegistration) {
      throw new DomainError(ErrorCode.LivechatInvalidDepartment, 'The provided department is invalid');
    }
    return department;
  }

  async register({ visitor: input }: RpcParsedRequest<typeof livechatRegisterVisitor>): Promise<ILivechatVisitor> {
    this.assertEnabled();
    const department = input.department ? await this.choosableDepartment(input.department) : undefined;
    if (input.email !== undefined && input.email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) {
      throw new DomainError(ErrorCode.InvalidEmail, 'Invalid email');
    }
    const set: Partial<ILivechatVisitor> = {
      ...(input.name && { name: input.name }),
      ...(input.email && { visitorEmails: [{ address: input.email.toLowerCase() }] }),
      ...(input.phone && { phone: [{ phoneNumber: input.phone }] }),
      ...(department && { department: department._id }),
    };
    const visitor = await this.visitors.upsertByToken(input.token, set, input.username ?? `guest-${randomId(6)}`);
    // Rocket.Chat's registration keeps the values of defined visitor fields only (others are ignored).
    const given = input.customFields ?? [];
    const defined = new Set(
      (await this.customFields.findByIds(given.map((f) => f.key))).filter((f) => f.scope === 'visitor').map((f) => f._id),
    );
    for (const field of given.filter((f) => defined.has(f.key))) {
      await this.visitors.setCustomField(input.token, field.key, field.value, field.overwrite);
    }
    await this.contacts.visitorRegistered(visitor, { name: input.name, email: input.email, phone: input.phone });
    const open = await this.rooms.findOpenLivechatByVisitorToken(input.token);
    if (open) this.notifier.room(open._id, { type: 'visitorData', visitor });
    return (await this.visitors.findByToken(input.token)) ?? visitor;
  }

  async remove(token: string): Promise<{ _id: string; ts: Date }> {
    await this.visitor(token);
    if (await this.rooms.findOpenLivechatByVisitorToken(token)) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Cannot remove visitor with open room');
    }
    const removed = await this.visitors.removeByToken(token);
    if (!removed) throw invalidToken();
    return { _id: removed._id, ts: removed.ts };
  }

  async setStatus(token: string, status: string): Promise<void> {
    if (!(await this.visitors.setStatus(token, status))) throw invalidToken();
  }

  /**
   * `livechat/room`: the visitor's room `rid`, opened (queued, routed) when it does not exist; `source` when not
   * the widget (an app's room).
   */
  async getRoom(
    token: string,
    rid: string | undefined,
    agentId: string | undefined,
    source: ChatSource = { type: 'widget' },
  ): Promise<{ room: ILivechatRoom; newRoom: boolean }> {
    this.assertEnabled();
    const visitor = await this.visitor(token);
    if (rid) {
      const existing = await this.rooms.findLivechatById(rid);
      if (existing) {
        if (existing.v?.token !== token) throw invalidRoom();
        return { room: existing, newRoom: false };
      }
    }
    const now = new Date();
    const v = { _id: visitor._id, username: visitor.username, token: visitor.token, status: visitor.status ?? 'online' };
    // Rocket.Chat 7 links the visitor's channel to a contact before the room exists (the room names it).
    const contact = await this.contacts.contactForChat(visitor, source);
    const room = await this.rooms.insertLivechat({
      _id: rid ?? randomId(),
      t: 'l',
      fname: visitor.name ?? visitor.username,
      msgs: 0,
      usersCount: 1,
      ts: now,
      v,
      open: true,
      waitingResponse: true,
      ...(visitor.department && { departmentId: visitor.department }),
      source,
      contactId: contact._id,
      queuedAt: now,
      cl: false,
    });
    await this.contacts.chatStarted(contact._id, visitor._id, source, { _id: room._id, ts: now });
    const inquiry: Omit<ILivechatInquiry, '_updatedAt'> = {
      _id: randomId(),
      rid: room._id,
      name: room.fname,
      ts: now,
      message: '',
      status: 'queued',
      v,
      t: 'l',
      queuedAt: now,
      source: { type: source.type },
      ...(visitor.department && { department: visitor.department }),
      ...(agentId && { defaultAgent: { agentId, username: '' } }),
    };
    const stored = await this.inquiries.insert(inquiry);
    await this.visitors.setLastChat(visitor._id, room._id, now);
    this.notifier.inquiry('inserted', stored);
    await this.routing.route(stored).catch((error: Error) => this.logger.warn(`routing ${stored._id} failed: ${error.message}`));
    return { room: (await this.rooms.findLivechatById(room._id)) ?? room, newRoom: true };
  }

  async sendMessage(token: string, rid: string, msg: string, id: string | undefined): Promise<IMessage> {
    const { visitor, room } = await this.ownRoom(token, rid);
    if (!room.open) throw roomClosed();
    const limit = this.settings.get<boolean>('Livechat_enable_message_character_limit')
      ? Number(this.settings.get<number>('Livechat_message_character_limit'))
      : 0;
    if (limit > 0 && msg.length > limit) throw new DomainError(ErrorCode.InvalidParams, 'message-size-exceeded');
    const message = await this.messages.insertLivechat({
      _id: id ?? randomId(),
      rid,
      msg,
      ts: new Date(),
      u: { _id: visitor._id, username: visitor.username, ...(visitor.name && { name: visitor.name }) },
      token,
    });
    await this.rooms.recordLivechatMessage(message, true);
    this.notifier.message(message);
    return message;
  }

  /** `livechat/upload/:rid`: the visitor's message showing the file core registered (Rocket.Chat's `sendFileLivechatMessage`). */
  async sendFileMessage(
    token: string,
    rid: string,
    msg: string | undefined,
    files: FileProp[],
    attachments: Array<Record<string, unknown>>,
  ): Promise<IMessage> {
    const { visitor, room } = await this.ownRoom(token, rid);
    if (!room.open) throw roomClosed();
    const message = await this.messages.insertLivechat({
      _id: randomId(),
      rid,
      msg: msg ?? '',
      ts: new Date(),
      u: { _id: visitor._id, username: visitor.username, ...(visitor.name && { name: visitor.name }) },
      token,
      file: files[0],
      files,
      attachments: attachments,
    });
    await this.rooms.recordLivechatMessage(message, true);
    this.notifier.message(message);
    return message;
  }

  async editMessage(token: string, rid: string, id: string, msg: string): Promise<IMessage> {
    const { visitor, room } = await this.ownRoom(token, rid);
    if (!room.open) throw roomClosed();
    const updated = await this.messages.updateVisitorMessage(id, rid, token, msg, { _id: visitor._id, username: visitor.username });
    if (!updated) throw new DomainError(ErrorCode.InvalidParams, 'Invalid message');
    this.notifier.message(updated);
    return updated;
  }

  async deleteMessage(token: string, rid: string, id: string): Promise<{ _id: string; ts: Date }> {
    const { room } = await this.ownRoom(token, rid);
    if (!room.open) throw roomClosed();
    const removed = await this.messages.deleteVisitorMessage(id, rid, token);
    if (!removed) throw new DomainError(ErrorCode.InvalidParams, 'Invalid message');
    this.notifier.messageDeleted(removed);
    return { _id: removed._id, ts: new Date() };
  }

  async history(token: string, rid: string, window: { ls?: Date; end?: Date }, limit: number): Promise<IMessage[]> {
    await this.ownRoom(token, rid);
    return this.messages.findLivechatHistory(rid, window, limit);
  }

  async agentInfo(token: string, rid: string) {
    const { room } = await this.ownRoom(token, rid);
    const agent = room.servedBy && (await this.routing.agentInfo(room.servedBy._id));
    if (!agent) throw new DomainError(ErrorCode.LivechatInvalidAgent, 'Invalid agent');
    return agent;
  }

  async agentNext(token: string, department: string | undefined) {
    const visitor = await this.visitor(token);
    const next = await this.routing.nextAgent(department ?? visitor.department);
    const agent = next && (await this.routing.agentInfo(next._id));
    if (!agent) throw new DomainError(ErrorCode.LivechatNoAgentOnline, 'No agent online');
    return agent;
  }

  async pageVisited({ token, rid, pageInfo }: RpcParsedRequest<typeof livechatPageVisited>) {
    const visitor = await this.visitor(token);
    if (!rid) return { page: null };
    const { room } = await this.ownRoom(token, rid);
    const msg = `${pageInfo.title} - ${pageInfo.location.href}`;
    const navigation = { page: pageInfo, token };
    const message = await this.messages.insertLivechat({
      _id: randomId(),
      rid: room._id,
      t: 'livechat_navigation_history',
      msg,
      ts: new Date(),
      u: { _id: visitor._id, username: visitor.username },
      navigation,
      _hidden: this.settings.get<boolean>('Livechat_Visitor_navigation_as_a_message') !== true,
    });
    if (this.settings.get<boolean>('Livechat_Visitor_navigation_as_a_message') === true) this.notifier.message(message);
    return { page: { msg, navigation } };
  }

  /**
   * `livechat/custom.field(s)` (Rocket.Chat's `setCustomFields` / `setMultipleCustomFields`): every key must name a
   * defined field (else `invalid-custom-field`) and every value match its field's pattern, all checked before any
   * is written. A field of scope `room` goes on the visitor's open room; of scope `visitor` on the visitor and
   * their contacts (a value differing from a contact's is a conflict unless `overwrite`). Answers the fields
   * written, the room's first.
   */
  async setCustomFields(token: string, fields: CustomFieldValue[]): Promise<CustomFieldValue[]> {
    const visitor = await this.visitor(token);
    const definitions = new Map((await this.customFields.findByIds([...new Set(fields.map((f) => f.key))])).map((f) => [f._id, f]));
    for (const field of fields) {
      const definition = definitions.get(field.key);
      if (!definition) throw new DomainError(ErrorCode.PlainFailure, 'invalid-custom-field');
      if (definition.regexp && !matchesPattern(definition.regexp, field.value)) {
        throw new DomainError(ErrorCode.PlainFailure, `Invalid value for ${field.key} field`);
      }
    }
    const roomFields = fields.filter((f) => definitions.get(f.key)?.scope === 'room');
    const visitorFields = fields.filter((f) => definitions.get(f.key)?.scope !== 'room');
    if (roomFields.length) {
      const room = await this.rooms.findOpenLivechatByVisitorToken(token);
      for (const field of room ? roomFields : []) {
        if (!field.overwrite && room?.livechatData?.[field.key] !== undefined) continue;
        await this.rooms.setLivechatData(room!._id, field.key, field.value);
      }
    }
    for (const field of visitorFields) await this.visitors.setCustomField(token, field.key, field.value, field.overwrite);
    if (visitorFields.length) await this.contacts.visitorCustomFieldsSet(visitor._id, visitorFields);
    return [...roomFields, ...visitorFields];
  }

  async offlineMessage(input: { name: string; email: string; message: string; department?: string; host?: string }): Promise<void> {
    if (this.settings.get<boolean>('Livechat_display_offline_form') === false) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Offline form is disabled');
    }
    const department = input.department ? await this.departments.findByIdOrName(input.department) : undefined;
    if (input.department && !department) throw new DomainError(ErrorCode.LivechatInvalidDepartment, 'The provided department is invalid');
    const to = department?.email || this.settings.get<string>('Livechat_offline_email');
    if (!to) throw new DomainError(ErrorCode.EmailSendFailed, 'No e-mail address to send the offline message to');
    await this.mailer.send({
      to,
      kind: 'livechat-offline',
      subject: `Livechat offline message from ${input.name}: ${input.message.slice(0, 40)}`,
      text: `Visitor: ${input.name}\nEmail: ${input.email}\n${input.host ? `Host: ${input.host}\n` : ''}\n${input.message}`,
    });
  }

  /** The room's messages, e-mailed to the visitor (`livechat/transcript`). */
  async transcript(token: string, rid: string, email: string): Promise<void> {
    const { room, visitor } = await this.ownRoom(token, rid);
    const lines = (await this.messages.findAllVisibleOfRoom(room._id))
      .filter((m) => !m.t)
      .map((m) => `${m.ts.toISOString()} ${m.u.name ?? m.u.username}: ${m.msg}`);
    await this.mailer.send({
      to: email,
      kind: 'livechat-transcript',
      subject: 'Transcript of your livechat conversation',
      text: [`Conversation with ${visitor.name ?? visitor.username}`, '', ...lines].join('\n'),
    });
  }

  async survey(token: string, rid: string, data: Array<{ name: string; value: string }>) {
    await this.ownRoom(token, rid);
    const values = Object.fromEntries(data.map((d) => [d.name, d.value]));
    await this.rooms.setLivechatSurvey(rid, values);
    return { rid, data: values };
  }

  /** The visitor ends the chat. */
  async closeByVisitor(token: string, rid: string, close: (room: ILivechatRoom, visitor: ILivechatVisitor) => Promise<void>) {
    const { visitor, room } = await this.ownRoom(token, rid);
    if (!room.open) throw roomClosed();
    await close(room, visitor);
  }

  async transferByVisitor(token: string, rid: string, departmentId: string): Promise<ILivechatRoom> {
    const { room } = await this.ownRoom(token, rid);
    if (!room.open) throw roomClosed();
    if (this.settings.get<boolean>('Livechat_allow_switching_departments') === false) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Switching departments is not allowed');
    }
    const department = await this.choosableDepartment(departmentId);
    return this.routing.forwardToDepartment(room, department._id, undefined);
  }

  async canAccessRoom(token: string, rid: string): Promise<{ allowed: boolean; username?: string }> {
    const visitor = await this.visitors.findByToken(token);
    const room = visitor ? await this.rooms.findLivechatById(rid) : null;
    return room?.v?.token === token && visitor ? { allowed: true, username: visitor.username } : { allowed: false };
  }
}
