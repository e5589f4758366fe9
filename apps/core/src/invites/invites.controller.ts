import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  invitesFindOrCreate,
  invitesList,
  invitesRemove,
  invitesUseToken,
  invitesValidateToken,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { InvitesService } from './invites.service.js';

type Req<C> = RpcParsedRequest<C>;

@Controller()
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @RpcHandler(invitesFindOrCreate)
  findOrCreate(@Payload() { actor, ...request }: Req<typeof invitesFindOrCreate>) {
    return this.invites.findOrCreate(actor, request);
  }

  @RpcHandler(invitesList)
  list(@Payload() { actor }: Req<typeof invitesList>) {
    return this.invites.list(actor);
  }

  @RpcHandler(invitesRemove)
  remove(@Payload() { actor, _id }: Req<typeof invitesRemove>) {
    return this.invites.remove(actor, _id);
  }

  @RpcHandler(invitesUseToken)
  use(@Payload() { actor, token }: Req<typeof invitesUseToken>) {
    return this.invites.use(actor, token);
  }

  @RpcHandler(invitesValidateToken)
  validate(@Payload() { token }: Req<typeof invitesValidateToken>) {
    return this.invites.isValid(token);
  }
}
