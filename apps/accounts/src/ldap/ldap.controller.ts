import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { accountsLdapSyncNow, accountsLdapTestConnection, accountsLdapTestSearch, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { LdapAdmin } from './ldap-admin.service.js';

@Controller()
export class LdapController {
  constructor(private readonly admin: LdapAdmin) {}

  @RpcHandler(accountsLdapTestConnection)
  testConnection(@Payload() r: RpcParsedRequest<typeof accountsLdapTestConnection>) {
    return this.admin.testConnection(r.actor);
  }

  @RpcHandler(accountsLdapTestSearch)
  testSearch(@Payload() r: RpcParsedRequest<typeof accountsLdapTestSearch>) {
    return this.admin.testSearch(r.actor, r.username);
  }

  @RpcHandler(accountsLdapSyncNow)
  syncNow(@Payload() r: RpcParsedRequest<typeof accountsLdapSyncNow>) {
    return this.admin.syncNow(r.actor);
  }
}
