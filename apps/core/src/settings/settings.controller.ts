import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  settingsAddCustomOAuth,
  settingsGet,
  settingsList,
  settingsListPublic,
  settingsPrivateSync,
  settingsPublicSync,
  settingsSaveMany,
  settingsUpdate,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { SettingsService } from './settings.service.js';

@Controller()
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @RpcHandler(settingsListPublic)
  listPublic(@Payload() request: RpcParsedRequest<typeof settingsListPublic>) {
    return this.settings.list(undefined, request);
  }

  @RpcHandler(settingsList)
  list(@Payload() { actor, ...request }: RpcParsedRequest<typeof settingsList>) {
    return this.settings.list(actor, request);
  }

  @RpcHandler(settingsPublicSync)
  publicSync(@Payload() { updatedSince }: RpcParsedRequest<typeof settingsPublicSync>) {
    return this.settings.publicSync(updatedSince);
  }

  @RpcHandler(settingsPrivateSync)
  privateSync(@Payload() { actor, updatedSince }: RpcParsedRequest<typeof settingsPrivateSync>) {
    return this.settings.privateSync(actor, updatedSince);
  }

  @RpcHandler(settingsGet)
  get(@Payload() { actor, _id }: RpcParsedRequest<typeof settingsGet>) {
    return this.settings.get(actor, _id);
  }

  @RpcHandler(settingsUpdate)
  update(@Payload() { actor, _id, value }: RpcParsedRequest<typeof settingsUpdate>) {
    return this.settings.update(actor, _id, value);
  }

  @RpcHandler(settingsSaveMany)
  saveMany(@Payload() { actor, changes }: RpcParsedRequest<typeof settingsSaveMany>) {
    return this.settings.saveMany(actor, changes);
  }

  @RpcHandler(settingsAddCustomOAuth)
  addCustomOAuth(@Payload() { actor, name }: RpcParsedRequest<typeof settingsAddCustomOAuth>) {
    return this.settings.addCustomOAuth(actor, name);
  }
}
