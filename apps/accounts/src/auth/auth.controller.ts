import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  accountsAuthenticate,
  accountsLogin,
  accountsLogout,
  accountsLogoutOtherClients,
  accountsRemoveOtherTokens,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { LoginService } from './login.service.js';

@Controller()
export class AuthController {
  constructor(private readonly login: LoginService) {}

  @RpcHandler(accountsLogin)
  handleLogin(@Payload() request: RpcParsedRequest<typeof accountsLogin>) {
    return this.login.login(request);
  }

  @RpcHandler(accountsAuthenticate)
  authenticate(@Payload() { userId, token }: RpcParsedRequest<typeof accountsAuthenticate>) {
    return this.login.authenticate(userId, token);
  }

  @RpcHandler(accountsLogout)
  async logout(@Payload() { userId, token }: RpcParsedRequest<typeof accountsLogout>) {
    await this.login.logout(userId, token);
    return { ok: true as const };
  }

  @RpcHandler(accountsLogoutOtherClients)
  logoutOtherClients(@Payload() { userId, token }: RpcParsedRequest<typeof accountsLogoutOtherClients>) {
    return this.login.logoutOtherClients(userId, token);
  }

  @RpcHandler(accountsRemoveOtherTokens)
  async removeOtherTokens(@Payload() { userId, token }: RpcParsedRequest<typeof accountsRemoveOtherTokens>) {
    await this.login.removeOtherTokens(userId, token);
    return { ok: true as const };
  }
}
