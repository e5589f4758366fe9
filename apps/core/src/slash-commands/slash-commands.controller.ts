import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { commandsExecutePreview, commandsGet, commandsList, commandsPreview, commandsRun, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { SlashCommandsService } from './slash-commands.service.js';

type Req<C> = RpcParsedRequest<C>;

@Controller()
export class SlashCommandsController {
  constructor(private readonly commands: SlashCommandsService) {}

  @RpcHandler(commandsList)
  list(@Payload() { actor: _actor, ...request }: Req<typeof commandsList>) {
    return this.commands.list(request);
  }

  @RpcHandler(commandsGet)
  get(@Payload() { command }: Req<typeof commandsGet>) {
    return this.commands.get(command);
  }

  @RpcHandler(commandsRun)
  run(@Payload() { actor, ...call }: Req<typeof commandsRun>) {
    return this.commands.run(actor, call);
  }

  @RpcHandler(commandsPreview)
  preview(@Payload() { actor, ...call }: Req<typeof commandsPreview>) {
    return this.commands.previews(actor, call);
  }

  @RpcHandler(commandsExecutePreview)
  executePreview(@Payload() { actor, previewItem, ...call }: Req<typeof commandsExecutePreview>) {
    return this.commands.executePreview(actor, call, previewItem);
  }
}
