import { Module } from '@nestjs/common';
import { UsersDataModule } from '@rc/models';
import { Access } from './access.js';
import { RoleChangeNotifier } from './role-change-notifier.js';
import { SessionRevocation } from './session-revocation.js';
import { UserChangeNotifier } from './user-change-notifier.js';

/**
 * What every accounts feature uses: permission questions to authorization, role-change and preference-change announcements, the
 * removal of login tokens announced to the gateways.
 */
@Module({
  imports: [UsersDataModule],
  providers: [Access, RoleChangeNotifier, SessionRevocation, UserChangeNotifier],
  exports: [Access, RoleChangeNotifier, SessionRevocation, UserChangeNotifier],
})
export class CommonModule {}
