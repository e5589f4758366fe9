import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LoginServiceConfigurationsRepository, OAuthPendingRepository } from './oauth.repositories.js';
import {
  LOGIN_SERVICE_CONFIGURATION_MODEL,
  LoginServiceConfigurationSchema,
  OAUTH_PENDING_CREDENTIAL_MODEL,
  OAUTH_PENDING_STATE_MODEL,
  OAuthPendingCredentialSchema,
  OAuthPendingStateSchema,
} from './oauth.schemas.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: LOGIN_SERVICE_CONFIGURATION_MODEL, schema: LoginServiceConfigurationSchema },
      { name: OAUTH_PENDING_STATE_MODEL, schema: OAuthPendingStateSchema },
      { name: OAUTH_PENDING_CREDENTIAL_MODEL, schema: OAuthPendingCredentialSchema },
    ]),
  ],
  providers: [LoginServiceConfigurationsRepository, OAuthPendingRepository],
  exports: [LoginServiceConfigurationsRepository, OAuthPendingRepository],
})
export class OAuthDataModule {}
