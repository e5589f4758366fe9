import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  DomainError,
  ErrorCode,
  integrationsClearHistory,
  integrationsCreate,
  integrationsGet,
  integrationsHistory,
  integrationsIncoming,
  integrationsList,
  integrationsRemove,
  integrationsReplay,
  integrationsUpdate,
  type RpcParsedRequest,
} from '@rc/contracts';
import { IntegrationHistoryRepository } from '@rc/models';
import { RpcHandler } from '@rc/platform';
import { IncomingWebhooksService } from './incoming-webhooks.service.js';
import { IntegrationsService } from './integrations.service.js';
import { OutgoingWebhooksService } from './outgoing-webhooks.service.js';

@Controller()
export class IntegrationsController {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly incoming: IncomingWebhooksService,
    private readonly outgoing: OutgoingWebhooksService,
    private readonly history: IntegrationHistoryRepository,
  ) {}

  @RpcHandler(integrationsCreate)
  async create(@Payload() { actor, integration }: RpcParsedRequest<typeof integrationsCreate>) {
    return { integration: await this.integrations.create(actor, integration) };
  }

  @RpcHandler(integrationsUpdate)
  async update(@Payload() { actor, integrationId, targetUrl, integration }: RpcParsedRequest<typeof integrationsUpdate>) {
    return { integration: await this.integrations.update(actor, { integrationId, targetUrl }, integration) };
  }

  @RpcHandler(integrationsRemove)
  async remove(@Payload() { actor, type, integrationId, targetUrl }: RpcParsedRequest<typeof integrationsRemove>) {
    return { integration: await this.integrations.remove(actor, type, { integrationId, targetUrl }) };
  }

  @RpcHandler(integrationsList)
  list(@Payload() { actor, ...filter }: RpcParsedRequest<typeof integrationsList>) {
    return this.integrations.list(actor, filter);
  }

  @RpcHandler(integrationsGet)
  async get(@Payload() { actor, integrationId, createdBy }: RpcParsedRequest<typeof integrationsGet>) {
    return { integration: await this.integrations.get(actor, integrationId, createdBy) };
  }

  @RpcHandler(integrationsHistory)
  historyPage(@Payload() { actor, id, offset, count }: RpcParsedRequest<typeof integrationsHistory>) {
    return this.integrations.historyPage(actor, id, { offset, count });
  }

  @RpcHandler(integrationsClearHistory)
  async clearHistory(@Payload() { actor, integrationId }: RpcParsedRequest<typeof integrationsClearHistory>) {
    await this.integrations.clearHistory(actor, integrationId);
    return { ok: true as const };
  }

  @RpcHandler(integrationsReplay)
  async replay(@Payload() { actor, integrationId, historyId }: RpcParsedRequest<typeof integrationsReplay>) {
    const integration = await this.integrations.manageableOutgoing(actor, integrationId);
    const entry = await this.history.findById(historyId);
    if (!entry || entry.integration._id !== integration._id || !entry.data) {
      throw new DomainError(ErrorCode.HistoryDataMissing, 'The history data must be defined to replay an integration.');
    }
    await this.outgoing.replay(integration, entry);
    return { ok: true as const };
  }

  @RpcHandler(integrationsIncoming)
  execute(@Payload() call: RpcParsedRequest<typeof integrationsIncoming>) {
    return this.incoming.execute(call);
  }
}
