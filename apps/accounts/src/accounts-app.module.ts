import { Module } from '@nestjs/common';
import { UsersDataModule } from '@rc/models';
import { RealtimeModule } from '@rc/realtime';
import { SettingsCacheModule } from '@rc/settings';
import { AdminSeedService } from './admin-seed/admin-seed.service.js';
import { SetupWizardNotifierModule } from './admin-seed/setup-wizard-notifier.js';
import { AuthModule } from './auth/auth.module.js';
import { OAuthModule } from './oauth/oauth.module.js';
import { LdapModule } from './ldap/ldap.module.js';
import { PersonalAccessTokensModule } from './personal-access-tokens/personal-access-tokens.module.js';
import { SecondFactorModule } from './second-factor/second-factor.module.js';
import { UsersModule } from './users/users.module.js';

@Module({
  imports: [
    UsersDataModule,
    RealtimeModule.forRoot('writer'),
    SettingsCacheModule,
    AuthModule,
    UsersModule,
    PersonalAccessTokensModule,
    SecondFactorModule,
    SetupWizardNotifierModule,
    OAuthModule,
    LdapModule,
  ],
  providers: [AdminSeedService],
})
export class AccountsAppModule {}
