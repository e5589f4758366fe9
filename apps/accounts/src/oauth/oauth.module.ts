import { Module } from '@nestjs/common';
import { OAuthDataModule, SettingsDataModule, UsersDataModule } from '@rc/models';
import { LoginServiceConfigurations } from './login-service-configurations.js';
import { OAuthFlowService } from './oauth-flow.service.js';
import { OAuthProviderClient } from './oauth-provider-client.js';
import { OAuthController } from './oauth.controller.js';

/** Custom OAuth / OpenID Connect logins: the login service list, the authorisation-code flow. */
@Module({
  imports: [UsersDataModule, OAuthDataModule, SettingsDataModule],
  controllers: [OAuthController],
  providers: [LoginServiceConfigurations, OAuthFlowService, OAuthProviderClient],
})
export class OAuthModule {}
