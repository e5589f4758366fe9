import { Module } from '@nestjs/common';
import { SubscriptionsDataModule, UsersDataModule } from '@rc/models';
import { SetupWizardNotifierModule } from '../admin-seed/setup-wizard-notifier.js';
import { AuthModule } from '../auth/auth.module.js';
import { CommonModule } from '../common/common.module.js';
import { EmailModule } from '../email/email.module.js';
import { AccountCustomFields } from './custom-fields.js';
import { IdentityChanges } from './identity-changes.js';
import { RegistrationService } from './registration.service.js';
import { UserAccounts } from './user-accounts.js';
import { UserAdminController } from './user-admin.controller.js';
import { UserAdminService } from './user-admin.service.js';
import { UserCreationService } from './user-creation.service.js';
import { UserDeletionService } from './user-deletion.service.js';
import { UserDirectoryService } from './user-directory.service.js';
import { UserPreferencesService } from './user-preferences.service.js';
import { UserProfileService } from './user-profile.service.js';
import { UserUpdateService } from './user-update.service.js';
import { UsersController } from './users.controller.js';
import { UsernamesService } from './usernames.service.js';

@Module({
  imports: [UsersDataModule, SubscriptionsDataModule, CommonModule, AuthModule, SetupWizardNotifierModule, EmailModule],
  controllers: [UsersController, UserAdminController],
  providers: [
    UserAccounts,
    AccountCustomFields,
    IdentityChanges,
    RegistrationService,
    UserCreationService,
    UserUpdateService,
    UserProfileService,
    UserPreferencesService,
    UserDirectoryService,
    UserDeletionService,
    UsernamesService,
    UserAdminService,
  ],
})
export class UsersModule {}
