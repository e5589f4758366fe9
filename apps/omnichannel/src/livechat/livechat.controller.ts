import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  livechatAddUser,
  livechatAgentDepartments,
  livechatAgentInfo,
  livechatAgentNext,
  livechatAgentStatus,
  livechatCloseRoomByUser,
  livechatCloseRoomByVisitor,
  livechatConfig,
  livechatCustomField,
  livechatDeleteDepartment,
  livechatDeleteMessage,
  livechatDeleteVisitor,
  livechatDepartmentAgents,
  livechatEditMessage,
  livechatForwardRoom,
  livechatGetDepartment,
  livechatGetRoom,
  livechatGetVisitor,
  livechatInquiriesQueued,
  livechatInquiryGetOne,
  livechatJoinRoom,
  livechatListDepartments,
  livechatListRooms,
  livechatListUsers,
  livechatMessagesHistory,
  livechatOfflineMessage,
  livechatPageVisited,
  livechatRegisterVisitor,
  livechatRemoveUser,
  livechatRoomSurvey,
  livechatSaveDepartment,
  livechatSaveDepartmentAgents,
  livechatSendFileMessage,
  livechatSendMessage,
  livechatSetUpConnection,
  livechatTakeInquiry,
  livechatTranscript,
  livechatTransferByVisitor,
  livechatVisitorCanAccessRoom,
  livechatVisitorAutocomplete,
  livechatVisitorChatHistory,
  livechatVisitorInfo,
  livechatVisitorPagesVisited,
  livechatVisitorSearch,
  livechatVisitorSearchChats,
  livechatVisitorStatus,
  type RpcParsedRequest as R,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { AgentsService } from '../agents/agents.service.js';
import { VisitorDirectoryService } from '../visitors/visitor-directory.service.js';
import { VisitorService } from '../visitors/visitor.service.js';
import { PageSize } from '@rc/settings';

/** The widget's requests (visitor token) and the agents' (logged-in users), each handed to its service. */
@Controller()
export class LivechatController {
  constructor(
    private readonly pageSize: PageSize,
    private readonly visitors: VisitorService,
    private readonly agents: AgentsService,
    private readonly directory: VisitorDirectoryService,
  ) {}

  @RpcHandler(livechatConfig)
  async config(@Payload() { token, department }: R<typeof livechatConfig>) {
    return { config: await this.visitors.getConfig(token, department) };
  }

  @RpcHandler(livechatRegisterVisitor)
  async register(@Payload() request: R<typeof livechatRegisterVisitor>) {
    return { visitor: await this.visitors.register(request) };
  }

  @RpcHandler(livechatGetVisitor)
  async getVisitor(@Payload() { token }: R<typeof livechatGetVisitor>) {
    return { visitor: await this.visitors.visitor(token) };
  }

  @RpcHandler(livechatDeleteVisitor)
  async deleteVisitor(@Payload() { token }: R<typeof livechatDeleteVisitor>) {
    return { visitor: await this.visitors.remove(token) };
  }

  @RpcHandler(livechatVisitorStatus)
  async visitorStatus(@Payload() { token, status }: R<typeof livechatVisitorStatus>) {
    await this.visitors.setStatus(token, status);
    return { token, status };
  }

  @RpcHandler(livechatSetUpConnection)
  async setUpConnection(@Payload() { token }: R<typeof livechatSetUpConnection>) {
    // The widget calls it before its visitor registers: nothing to mark then (Rocket.Chat does not check either).
    await this.visitors.setStatus(token, 'online').catch(() => undefined);
    return {};
  }

  @RpcHandler(livechatVisitorCanAccessRoom)
  canAccessRoom(@Payload() { token, rid }: R<typeof livechatVisitorCanAccessRoom>) {
    return this.visitors.canAccessRoom(token, rid);
  }

  @RpcHandler(livechatGetRoom)
  getRoom(@Payload() { token, rid, agentId, source }: R<typeof livechatGetRoom>) {
    return this.visitors.getRoom(token, rid, agentId, source);
  }

  @RpcHandler(livechatCloseRoomByVisitor)
  async closeByVisitor(@Payload() { token, rid }: R<typeof livechatCloseRoomByVisitor>) {
    const comment = 'Closed by visitor';
    await this.visitors.closeByVisitor(token, rid, (room, visitor) =>
      this.agents.close(room, { closer: 'visitor', closedBy: { _id: visitor._id, username: visitor.username } }, comment),
    );
    return { rid, comment };
  }

  @RpcHandler(livechatTransferByVisitor)
  async transferByVisitor(@Payload() { token, rid, department }: R<typeof livechatTransferByVisitor>) {
    return { room: await this.visitors.transferByVisitor(token, rid, department) };
  }

  @RpcHandler(livechatSendMessage)
  async sendMessage(@Payload() { token, rid, msg, _id }: R<typeof livechatSendMessage>) {
    return { message: await this.visitors.sendMessage(token, rid, msg, _id) };
  }

  @RpcHandler(livechatSendFileMessage)
  async sendFileMessage(@Payload() { token, rid, msg, files, attachments }: R<typeof livechatSendFileMessage>) {
    return { message: await this.visitors.sendFileMessage(token, rid, msg, files, attachments) };
  }

  @RpcHandler(livechatEditMessage)
  async editMessage(@Payload() { token, rid, _id, msg }: R<typeof livechatEditMessage>) {
    return { message: await this.visitors.editMessage(token, rid, _id, msg) };
  }

  @RpcHandler(livechatDeleteMessage)
  async deleteMessage(@Payload() { token, rid, _id }: R<typeof livechatDeleteMessage>) {
    return { message: await this.visitors.deleteMessage(token, rid, _id) };
  }

  @RpcHandler(livechatMessagesHistory)
  async history(@Payload() { token, rid, ls, end, limit }: R<typeof livechatMessagesHistory>) {
    return { messages: await this.visitors.history(token, rid, { ls, end }, limit) };
  }

  @RpcHandler(livechatAgentInfo)
  async agentInfo(@Payload() { token, rid }: R<typeof livechatAgentInfo>) {
    return { agent: await this.visitors.agentInfo(token, rid) };
  }

  @RpcHandler(livechatAgentNext)
  async agentNext(@Payload() { token, department }: R<typeof livechatAgentNext>) {
    return { agent: await this.visitors.agentNext(token, department) };
  }

  @RpcHandler(livechatOfflineMessage)
  async offlineMessage(@Payload() request: R<typeof livechatOfflineMessage>) {
    await this.visitors.offlineMessage(request);
    return { message: 'Livechat offline message sent' };
  }

  @RpcHandler(livechatPageVisited)
  pageVisited(@Payload() request: R<typeof livechatPageVisited>) {
    return this.visitors.pageVisited(request);
  }

  @RpcHandler(livechatCustomField)
  async customFields(@Payload() { token, fields }: R<typeof livechatCustomField>) {
    const written = await this.visitors.setCustomFields(token, fields);
    return { fields: written.map((f) => ({ Key: f.key, value: f.value, overwrite: f.overwrite })) };
  }

  @RpcHandler(livechatTranscript)
  async transcript(@Payload() { token, rid, email }: R<typeof livechatTranscript>) {
    await this.visitors.transcript(token, rid, email);
    return { message: 'Livechat transcript sent' };
  }

  @RpcHandler(livechatRoomSurvey)
  survey(@Payload() { token, rid, data }: R<typeof livechatRoomSurvey>) {
    return this.visitors.survey(token, rid, data);
  }

  // ── agents and managers ───────────────────────────────────────────────────────────────────────────────

  @RpcHandler(livechatAddUser)
  async addUser(@Payload() { actor, type, username }: R<typeof livechatAddUser>) {
    return { user: await this.agents.addUser(actor, type, username) };
  }

  @RpcHandler(livechatRemoveUser)
  async removeUser(@Payload() { actor, type, userId }: R<typeof livechatRemoveUser>) {
    await this.agents.removeUser(actor, type, userId);
    return {};
  }

  @RpcHandler(livechatListUsers)
  listUsers(@Payload() { actor, type, text, onlyAvailable, offset, count }: R<typeof livechatListUsers>) {
    return this.agents.listUsers(actor, type, { text, onlyAvailable }, offset, this.pageSize.count(count));
  }

  @RpcHandler(livechatAgentStatus)
  async agentStatus(@Payload() { actor, status, agentId }: R<typeof livechatAgentStatus>) {
    return { status: await this.agents.setStatus(actor, status, agentId) };
  }

  @RpcHandler(livechatListDepartments)
  listDepartments(@Payload() { actor, text, enabled, offset, count }: R<typeof livechatListDepartments>) {
    return this.agents.listDepartments(actor, { text, enabled }, offset, this.pageSize.count(count));
  }

  @RpcHandler(livechatSaveDepartment)
  saveDepartment(@Payload() request: R<typeof livechatSaveDepartment>) {
    return this.agents.saveDepartment(request);
  }

  @RpcHandler(livechatGetDepartment)
  getDepartment(@Payload() { actor, _id, includeAgents }: R<typeof livechatGetDepartment>) {
    return this.agents.getDepartment(actor, _id, includeAgents);
  }

  @RpcHandler(livechatDeleteDepartment)
  async deleteDepartment(@Payload() { actor, _id }: R<typeof livechatDeleteDepartment>) {
    await this.agents.deleteDepartment(actor, _id);
    return {};
  }

  @RpcHandler(livechatDepartmentAgents)
  departmentAgents(@Payload() { actor, departmentId, offset, count }: R<typeof livechatDepartmentAgents>) {
    return this.agents.departmentAgents(actor, departmentId, offset, this.pageSize.count(count));
  }

  @RpcHandler(livechatSaveDepartmentAgents)
  async saveDepartmentAgents(@Payload() { actor, departmentId, upsert, remove }: R<typeof livechatSaveDepartmentAgents>) {
    await this.agents.saveDepartmentAgents(actor, departmentId, upsert, remove);
    return {};
  }

  @RpcHandler(livechatAgentDepartments)
  agentDepartments(@Payload() { actor, agentId, enabledDepartmentsOnly }: R<typeof livechatAgentDepartments>) {
    return this.agents.agentDepartments(actor, agentId, enabledDepartmentsOnly ?? false);
  }

  @RpcHandler(livechatInquiriesQueued)
  queued(@Payload() { actor, department, forUser, offset, count }: R<typeof livechatInquiriesQueued>) {
    return this.agents.queued(actor, department, forUser, offset, this.pageSize.count(count));
  }

  @RpcHandler(livechatTakeInquiry)
  take(@Payload() { actor, inquiryId, userId }: R<typeof livechatTakeInquiry>) {
    return this.agents.take(actor, inquiryId, userId);
  }

  @RpcHandler(livechatInquiryGetOne)
  inquiryGetOne(@Payload() { actor, roomId }: R<typeof livechatInquiryGetOne>) {
    return this.agents.inquiryOf(actor, roomId);
  }

  @RpcHandler(livechatListRooms)
  listRooms(@Payload() request: R<typeof livechatListRooms>) {
    return this.agents.listRooms(request);
  }

  @RpcHandler(livechatForwardRoom)
  async forward(@Payload() { actor, roomId, departmentId, userId, comment }: R<typeof livechatForwardRoom>) {
    await this.agents.forward(actor, roomId, departmentId, userId, comment);
    return {};
  }

  @RpcHandler(livechatCloseRoomByUser)
  async closeByUser(@Payload() { actor, rid, comment, tags }: R<typeof livechatCloseRoomByUser>) {
    await this.agents.closeByUser(actor, rid, comment, tags);
    return {};
  }

  @RpcHandler(livechatVisitorInfo)
  visitorInfo(@Payload() { actor, visitorId }: R<typeof livechatVisitorInfo>) {
    return this.directory.info(actor, visitorId);
  }

  @RpcHandler(livechatVisitorSearch)
  searchVisitors(@Payload() { actor, term, offset, count }: R<typeof livechatVisitorSearch>) {
    return this.directory.search(actor, term, offset, this.pageSize.count(count));
  }

  @RpcHandler(livechatVisitorPagesVisited)
  pagesVisited(@Payload() { actor, roomId, offset, count }: R<typeof livechatVisitorPagesVisited>) {
    return this.directory.pagesVisited(actor, roomId, offset, this.pageSize.count(count));
  }

  @RpcHandler(livechatVisitorChatHistory)
  chatHistory(@Payload() { actor, roomId, visitorId, offset, count }: R<typeof livechatVisitorChatHistory>) {
    return this.directory.chatHistory(actor, roomId, visitorId, offset, this.pageSize.count(count));
  }

  @RpcHandler(livechatVisitorSearchChats)
  searchChats(@Payload() { actor, offset, count, ...request }: R<typeof livechatVisitorSearchChats>) {
    return this.directory.searchChats(actor, request, offset, this.pageSize.count(count));
  }

  @RpcHandler(livechatVisitorAutocomplete)
  autocomplete(@Payload() { actor, selector }: R<typeof livechatVisitorAutocomplete>) {
    return this.directory.autocomplete(actor, selector.term, selector.exceptions);
  }

  @RpcHandler(livechatJoinRoom)
  async join(@Payload() { actor, roomId }: R<typeof livechatJoinRoom>) {
    await this.agents.join(actor, roomId);
    return {};
  }
}
