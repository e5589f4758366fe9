import { Module } from '@nestjs/common';
import { Access } from './access.js';
import { RoleChangeNotifier } from './role-change-notifier.js';

/** What every accounts feature uses: permission questions to authorization, role-change announcements. */
@Module({
  providers: [Access, RoleChangeNotifier],
  exports: [Access, RoleChangeNotifier],
})
export class CommonModule {}
