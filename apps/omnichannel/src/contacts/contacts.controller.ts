import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  omnichannelCheckContactExistence,
  omnichannelContactChannels,
  omnichannelContactHistory,
  omnichannelCreateContact,
  omnichannelDeleteContact,
  omnichannelGetContact,
  omnichannelGetVisitorContact,
  omnichannelRegisterContact,
  omnichannelResolveContactConflicts,
  omnichannelSearchContacts,
  omnichannelSearchVisitorContact,
  omnichannelUpdateContact,
  type RpcParsedRequest as R,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { ContactsService } from './contacts.service.js';

@Controller()
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @RpcHandler(omnichannelCreateContact)
  create(@Payload() request: R<typeof omnichannelCreateContact>) {
    return this.contacts.create(request);
  }

  @RpcHandler(omnichannelUpdateContact)
  update(@Payload() request: R<typeof omnichannelUpdateContact>) {
    return this.contacts.update(request);
  }

  @RpcHandler(omnichannelGetContact)
  get(@Payload() { actor, contactId }: R<typeof omnichannelGetContact>) {
    return this.contacts.get(actor, contactId);
  }

  @RpcHandler(omnichannelSearchContacts)
  search(@Payload() request: R<typeof omnichannelSearchContacts>) {
    return this.contacts.search(request);
  }

  @RpcHandler(omnichannelContactHistory)
  history(@Payload() request: R<typeof omnichannelContactHistory>) {
    return this.contacts.history(request);
  }

  @RpcHandler(omnichannelResolveContactConflicts)
  resolveConflicts(@Payload() request: R<typeof omnichannelResolveContactConflicts>) {
    return this.contacts.resolveConflicts(request);
  }

  @RpcHandler(omnichannelContactChannels)
  channels(@Payload() { actor, contactId }: R<typeof omnichannelContactChannels>) {
    return this.contacts.channels(actor, contactId);
  }

  @RpcHandler(omnichannelCheckContactExistence)
  checkExistence(@Payload() request: R<typeof omnichannelCheckContactExistence>) {
    return this.contacts.checkExistence(request);
  }

  @RpcHandler(omnichannelDeleteContact)
  async remove(@Payload() { actor, contactId }: R<typeof omnichannelDeleteContact>) {
    await this.contacts.remove(actor, contactId);
    return {};
  }

  @RpcHandler(omnichannelRegisterContact)
  register(@Payload() request: R<typeof omnichannelRegisterContact>) {
    return this.contacts.register(request);
  }

  @RpcHandler(omnichannelGetVisitorContact)
  visitorContact(@Payload() { actor, contactId }: R<typeof omnichannelGetVisitorContact>) {
    return this.contacts.visitorContact(actor, contactId);
  }

  @RpcHandler(omnichannelSearchVisitorContact)
  searchVisitor(@Payload() { actor, email, phone, custom }: R<typeof omnichannelSearchVisitorContact>) {
    return this.contacts.searchVisitor(actor, email, phone, custom);
  }
}
