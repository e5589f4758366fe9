import { Module } from '@nestjs/common';
import { UsersDataModule } from '@rc/models';
import { AuthModule } from '../auth/auth.module.js';
import { CommonModule } from '../common/common.module.js';
import { LdapAdmin } from './ldap-admin.service.js';
import { LdapDirectory } from './ldap-directory.js';
import { LdapLogin } from './ldap-login.js';
import { LdapSync } from './ldap-sync.service.js';
import { LdapUsers } from './ldap-users.service.js';
import { LdapController } from './ldap.controller.js';

/**
 * LDAP in the accounts service: the login handler (registered with AuthModule's LoginStrategies), user creation
 * and updates from the directory, the background sync and the admin tools. See README "LDAP".
 */
@Module({
  imports: [UsersDataModule, CommonModule, AuthModule],
  controllers: [LdapController],
  providers: [LdapDirectory, LdapUsers, LdapLogin, LdapSync, LdapAdmin],
})
export class LdapModule {}
