import { Injectable, type OnModuleInit } from '@nestjs/common';
import { authorizationUsersInPublicRoles } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { args, defineMethod, MethodRegistry } from './method-registry.js';

/** `getUserRoles`: who holds the roles clients display beside names (Admin, …); any logged-in user may ask. */
@Injectable()
export class RoleMethods implements OnModuleInit {
  constructor(
    private readonly registry: MethodRegistry,
    private readonly rpc: RpcClient,
  ) {}

  onModuleInit(): void {
    this.registry.register(
      defineMethod({
        name: 'getUserRoles',
        params: args(),
        run: () => this.rpc.request(authorizationUsersInPublicRoles, {}),
      }),
    );
  }
}
