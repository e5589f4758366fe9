import { Module } from '@nestjs/common';
import { OAuthDataModule, SettingsDataModule, SubscriptionsDataModule, UsersDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { OAuthClaimsSync } from './oauth-claims-sync.js';
import { LoginServiceConfigurations } from './login-service-configurations.js';
import { OAuthFlowService } from './oauth-flow.service.js';
import { OAuthProviderClient } from './oauth-provider-client.js';
import { OAuthController } from './oauth.controller.js';

/** Custom OAuth / OpenID Connect logins: the login service list, the authorisation-code flow, roles and channels from claims. */
@Module({
  imports: [UsersDataModule, OAuthDataModule, SettingsDataModule, SubscriptionsDataModule, CommonModule],
  controllers: [OAuthController],
  providers: [LoginServiceConfigurations, OAuthFlowService, OAuthProviderClient, OAuthClaimsSync],
})
export class OAuthModule {}
