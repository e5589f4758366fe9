import { Controller, UseInterceptors } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  appsActionButtons,
  appsApiCall,
  appsGet,
  appsGetSettings,
  appsInstall,
  appsLanguages,
  appsList,
  appsLogs,
  appsMarketplace,
  appsPreMessageSent,
  appsRunCommand,
  appsSetSettings,
  appsSetStatus,
  appsState,
  appsUiInteraction,
  appsUninstall,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { EngineLoadedInterceptor } from './engine-loaded.interceptor.js';
import { AppsEngineService } from './engine/apps-engine.service.js';
import { PageSize } from '@rc/settings';

@Controller()
@UseInterceptors(EngineLoadedInterceptor)
export class AppsController {
  constructor(
    private readonly engine: AppsEngineService,
    private readonly pageSize: PageSize,
  ) {}

  @RpcHandler(appsList)
  list(@Payload() { actor }: RpcParsedRequest<typeof appsList>) {
    return this.engine.list(actor);
  }

  @RpcHandler(appsInstall)
  install(@Payload() { actor, zip, url, appId, permissionsGranted }: RpcParsedRequest<typeof appsInstall>) {
    return appId
      ? this.engine.update(actor, appId, { zip, url }, permissionsGranted)
      : this.engine.install(actor, { zip, url }, permissionsGranted);
  }

  @RpcHandler(appsGet)
  get(@Payload() { actor, appId, marketplace }: RpcParsedRequest<typeof appsGet>) {
    return this.engine.get(actor, appId, marketplace === 'true');
  }

  @RpcHandler(appsMarketplace)
  marketplace(@Payload() { actor, resource, purchaseType }: RpcParsedRequest<typeof appsMarketplace>) {
    return this.engine.marketplace(actor, resource, purchaseType);
  }

  @RpcHandler(appsSetStatus)
  setStatus(@Payload() { actor, appId, status }: RpcParsedRequest<typeof appsSetStatus>) {
    return this.engine.setStatus(actor, appId, status);
  }

  @RpcHandler(appsUninstall)
  uninstall(@Payload() { actor, appId }: RpcParsedRequest<typeof appsUninstall>) {
    return this.engine.uninstall(actor, appId);
  }

  @RpcHandler(appsGetSettings)
  settings(@Payload() { actor, appId }: RpcParsedRequest<typeof appsGetSettings>) {
    return this.engine.getSettings(actor, appId);
  }

  @RpcHandler(appsSetSettings)
  setSettings(@Payload() { actor, appId, settings }: RpcParsedRequest<typeof appsSetSettings>) {
    return this.engine.setSettings(actor, appId, settings);
  }

  @RpcHandler(appsLogs)
  logs(@Payload() { actor, appId, offset, count }: RpcParsedRequest<typeof appsLogs>) {
    return this.engine.appLogs(actor, appId, offset, this.pageSize.count(count));
  }

  @RpcHandler(appsActionButtons)
  actionButtons() {
    return this.engine.actionButtons();
  }

  @RpcHandler(appsLanguages)
  languages() {
    return this.engine.languages();
  }

  @RpcHandler(appsApiCall)
  api(@Payload() request: RpcParsedRequest<typeof appsApiCall>) {
    return this.engine.api(request);
  }

  @RpcHandler(appsState)
  state() {
    return this.engine.state();
  }

  @RpcHandler(appsRunCommand)
  runCommand(@Payload() request: RpcParsedRequest<typeof appsRunCommand>) {
    return this.engine.runCommand(request);
  }

  @RpcHandler(appsUiInteraction)
  uiInteraction(@Payload() { actor, appId, interaction }: RpcParsedRequest<typeof appsUiInteraction>) {
    return this.engine.uiInteraction(actor, appId, interaction);
  }

  @RpcHandler(appsPreMessageSent)
  preMessageSent(@Payload() { message, room, budgetMs }: RpcParsedRequest<typeof appsPreMessageSent>) {
    return this.engine.preMessageSent(message, room, budgetMs);
  }
}
