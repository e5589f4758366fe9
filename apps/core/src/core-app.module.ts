import { Module } from '@nestjs/common';
import { PermissionChecksModule } from '@rc/permissions';
import { RealtimeModule } from '@rc/realtime';
import { AvatarsModule } from './avatars/avatars.module.js';
import { BannersModule } from './banners/banners.module.js';
import { CustomizationsModule } from './customizations/customizations.module.js';
import { DataExportModule } from './data-export/data-export.module.js';
import { CustomUserStatusModule } from './custom-user-status/custom-user-status.module.js';
import { EmojiCustomModule } from './emoji-custom/emoji-custom.module.js';
import { InvitesModule } from './invites/invites.module.js';
import { IntegrationsModule } from './integrations/integrations.module.js';
import { LicenseModule } from './license/license.module.js';
import { DiscussionsModule } from './discussions/discussions.module.js';
import { ModerationModule } from './moderation/moderation.module.js';
import { MessageSearchModule } from './message-search/message-search.module.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { NpsModule } from './nps/nps.module.js';
import { VideoConferenceModule } from './video-conference/video-conference.module.js';
import { PushModule } from './push/push.module.js';
import { RoomsModule } from './rooms/rooms.module.js';
import { SearchModule } from './search/search.module.js';
import { SlashCommandsModule } from './slash-commands/slash-commands.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { SetupWizardModule } from './setup-wizard/setup-wizard.module.js';
import { SubscriptionsModule } from './subscriptions/subscriptions.module.js';
import { TeamsModule } from './teams/teams.module.js';
import { UiKitModule } from './uikit/uikit.module.js';
import { UploadsModule } from './uploads/uploads.module.js';
import { ShieldModule } from './shield/shield.module.js';
import { UrlPreviewModule } from './url-preview/url-preview.module.js';

/** The core process: Rocket.Chat's internal services (Room, Messaging, Team, Settings, UiKitCoreApp, Banner, NPS, …) as Nest modules. */
@Module({
  imports: [
    RealtimeModule.forRoot('writer'),
    PermissionChecksModule.forDatabase(),
    SettingsModule,
    LicenseModule,
    CustomizationsModule,
    SetupWizardModule,
    RoomsModule,
    SubscriptionsModule,
    MessagingModule,
    MessageSearchModule,
    DiscussionsModule,
    ModerationModule,
    TeamsModule,
    UiKitModule,
    BannersModule,
    NpsModule,
    VideoConferenceModule,
    UploadsModule,
    PushModule,
    CustomUserStatusModule,
    EmojiCustomModule,
    InvitesModule,
    SlashCommandsModule,
    SearchModule,
    IntegrationsModule,
    AvatarsModule,
    UrlPreviewModule,
    ShieldModule,
    DataExportModule,
  ],
})
export class CoreAppModule {}
