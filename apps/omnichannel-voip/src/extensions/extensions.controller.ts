import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  DomainError,
  ErrorCode,
  voipAgentExtension,
  voipAssignExtension,
  voipConnectorVersion,
  voipExtensionDetails,
  voipExtensionList,
  voipExtensionsByType,
  voipExtensionsWithAgents,
  voipFsExtensionAssign,
  voipFsExtensionDetails,
  voipFsExtensionList,
  voipFsRegistrationInfo,
  voipRegistrationInfoByExtension,
  voipRegistrationInfoByUserId,
  voipUnassignExtension,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { PbxConnector } from '../connector/pbx-connector.js';
import { ExtensionsService, VOIP_PERMISSIONS as P } from './extensions.service.js';
import { PageSize } from '@rc/settings';

@Controller()
export class ExtensionsController {
  constructor(
    private readonly pageSize: PageSize,
    private readonly extensions: ExtensionsService,
    private readonly connector: PbxConnector,
  ) {}

  @RpcHandler(voipConnectorVersion)
  async version(@Payload() { actor }: RpcParsedRequest<typeof voipConnectorVersion>) {
    await this.extensions.require(actor, P.callSettings);
    if (!this.connector.isConnected()) throw new DomainError(ErrorCode.VoipConnectionFailed, 'The PBX is not connected');
    return { version: await this.connector.version(), type: this.connector.type };
  }

  @RpcHandler(voipExtensionList)
  async list(@Payload() { actor }: RpcParsedRequest<typeof voipExtensionList>) {
    await this.extensions.require(actor, P.callSettings);
    return { extensions: (await this.extensions.list()).map(({ extension, state }) => ({ extension, state })) };
  }

  @RpcHandler(voipExtensionDetails)
  async details(@Payload() { actor, extension }: RpcParsedRequest<typeof voipExtensionDetails>) {
    await this.extensions.require(actor, P.callSettings);
    return this.extensions.details(extension);
  }

  @RpcHandler(voipRegistrationInfoByExtension)
  async registrationInfo(@Payload() { actor, extension }: RpcParsedRequest<typeof voipRegistrationInfoByExtension>) {
    await this.extensions.require(actor, P.callSettings);
    return this.extensions.registrationInfo(extension, actor.userId);
  }

  @RpcHandler(voipRegistrationInfoByUserId)
  async registrationInfoByUser(@Payload() { actor, id }: RpcParsedRequest<typeof voipRegistrationInfoByUserId>) {
    await this.extensions.require(actor, P.viewAssociation);
    // Rocket.Chat: only one's own registration (401 otherwise).
    if (id !== actor.userId) throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    const { extension } = await this.extensions.agentExtension(actor.username).catch(() => {
      throw new DomainError(ErrorCode.NotFound, 'Extension not found');
    });
    return this.extensions.registrationInfo(extension, actor.userId);
  }

  @RpcHandler(voipAssignExtension)
  async assign(@Payload() { actor, userId, username, extension }: RpcParsedRequest<typeof voipAssignExtension>) {
    await this.extensions.require(actor, P.manageAssociation);
    await this.extensions.assignToAgent({ userId, username }, extension);
    return {};
  }

  @RpcHandler(voipAgentExtension)
  async agentExtension(@Payload() { actor, username }: RpcParsedRequest<typeof voipAgentExtension>) {
    await this.extensions.require(actor, P.viewAssociation);
    return { extension: await this.extensions.agentExtension(username) };
  }

  @RpcHandler(voipUnassignExtension)
  async unassign(@Payload() { actor, username }: RpcParsedRequest<typeof voipUnassignExtension>) {
    await this.extensions.require(actor, P.manageAssociation);
    await this.extensions.unassign(username, { agentOnly: true });
    return {};
  }

  @RpcHandler(voipExtensionsByType)
  async byType(@Payload() { actor, type, userId, username }: RpcParsedRequest<typeof voipExtensionsByType>) {
    await this.extensions.require(actor, P.manageAssociation);
    return { extensions: await this.extensions.byType(type, { userId, username }) };
  }

  @RpcHandler(voipExtensionsWithAgents)
  async withAgents(@Payload() request: RpcParsedRequest<typeof voipExtensionsWithAgents>) {
    await this.extensions.require(request.actor, P.manageAssociation);
    const filtered = (await this.extensions.listWithAgents()).filter(
      (item) =>
        (!request.status?.trim() || item.state === request.status) &&
        (!request.agentId?.trim() || item.userId === request.agentId) &&
        (!request.extension?.trim() || item.extension === request.extension) &&
        (!request.queues || item.queues?.some((queue) => request.queues!.includes(queue))),
    );
    const count = this.pageSize.count(request.count);
    return { extensions: filtered.slice(request.offset, request.offset + count), offset: request.offset, count, total: filtered.length };
  }

  @RpcHandler(voipFsExtensionList)
  async fsList(@Payload() { actor, type, username }: RpcParsedRequest<typeof voipFsExtensionList>) {
    await this.extensions.require(actor, P.manageExtensions);
    return { extensions: await this.extensions.fsList(type, username) };
  }

  @RpcHandler(voipFsExtensionDetails)
  async fsDetails(@Payload() { actor, extension }: RpcParsedRequest<typeof voipFsExtensionDetails>) {
    await this.extensions.require(actor, P.viewExtensionDetails);
    return this.extensions.fsDetails(extension);
  }

  @RpcHandler(voipFsExtensionAssign)
  async fsAssign(@Payload() { actor, username, extension }: RpcParsedRequest<typeof voipFsExtensionAssign>) {
    await this.extensions.require(actor, P.manageExtensions);
    await this.extensions.fsAssign(username, extension);
    return {};
  }

  @RpcHandler(voipFsRegistrationInfo)
  async fsRegistrationInfo(@Payload() { actor, userId }: RpcParsedRequest<typeof voipFsRegistrationInfo>) {
    await this.extensions.require(actor, P.viewUserExtension);
    return this.extensions.fsRegistrationInfo(userId, actor.userId);
  }
}
