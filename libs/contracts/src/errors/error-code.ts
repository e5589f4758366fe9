/**
 * Domain error codes. The values are Rocket.Chat's own error identifiers (`Meteor.Error#error`), so a
 * client that switches on `errorType` (REST) or `error` (DDP) sees what it expects.
 */
const codes = {
  // Generic
  InvalidParams: 'invalid-params',
  /**
   * Arguments failing Meteor's `check()`: over DDP Meteor's `Match failed [400]`; over REST (a method called by a
   * route) the `Match.Error`'s message as the text alone (`Match error: Missing key 'name'`), no `errorType`.
   */
  MatchFailed: 'match-failed',
  /**
   * Rocket.Chat's `API.v1.failure(error)` of a Meteor.Error (users.register's custom fields): REST answers the
   * serialized error object (`error`, `reason`, `message`, `errorType: 'Meteor.Error'`, `isClientSafe`, `details`).
   * Built by `meteorErrorObject`; its details carry the original error.
   */
  MeteorErrorObject: 'meteor-error-object',
  /**
   * Rocket.Chat's `API.v1.failure('<text>')` without an error id (`The 'favorite' param is required`, `User not
   * found.`): REST answers `{success: false, error: '<text>'}` alone, no `errorType`.
   */
  PlainFailure: 'failure',
  /** Rocket.Chat's `API.v1.failure('not-allowed', 'Not Allowed')` (rooms.info, rooms.getDiscussions): that `errorType`. */
  RoomNotAllowed: 'Not Allowed',
  NotAllowed: 'error-not-allowed',
  ActionNotAllowed: 'error-action-not-allowed',
  /** The caller is authenticated but lacks a permission (REST: 403). */
  Unauthorized: 'error-unauthorized',
  /** The caller is not authenticated (REST: 401). */
  NotLoggedIn: 'error-not-logged-in',
  TooManyRequests: 'error-too-many-requests',
  NotFound: 'error-not-found',
  Internal: 'error-internal',
  ServiceUnavailable: 'error-service-unavailable',
  /** A visitor's or caller's token that matches nothing (`findGuest`, `voip/room`). */
  InvalidGuestToken: 'invalid-token',
  /** `voip/room` for an agent id that names no omnichannel agent. */
  AgentNotFound: 'agent-not-found',
  /** A message to, or a wrap-up of, a room already closed (`livechat/message`, `voip/room.close`). */
  RoomClosed: 'room-closed',
  // Apps
  /** An installed app's pre-send hook (`IPreMessageSentPrevent`) refused the message. */
  AppPreventedSending: 'error-app-prevented-sending',
  /** The Marketplace (Rocket.Chat Cloud) cannot be reached: this server is offline (REST: 500 with the message). */
  MarketplaceUnreachable: 'error-marketplace-unreachable',
  // Accounts
  LoginFailed: 'error-login-failed',
  LoginBlocked: 'error-login-blocked',
  InvalidUser: 'error-invalid-user',
  /** An id that names no user (Rocket.Chat's users.resetTOTP, users.resetE2EKey). */
  InvalidUserId: 'error-invalid-user-id',
  UsernameTaken: 'error-field-unavailable',
  InvalidEmail: 'error-invalid-email',
  InvalidUsername: 'error-invalid-username',
  PasswordPolicy: 'error-password-policy-not-met',
  InvalidPassword: 'error-invalid-password',
  InvalidToken: 'error-invalid-token',
  TokenAlreadyExists: 'error-token-already-exists',
  TokenDoesNotExist: 'error-token-does-not-exists',
  UserNotActivated: 'error-user-is-not-activated',
  LoginBlockedForUser: 'error-login-blocked-for-user',
  LoginBlockedForIp: 'error-login-blocked-for-ip',
  FieldRequired: 'error-the-field-is-required',
  InvalidField: 'error-input-is-not-a-valid-field',
  UserParamNotProvided: 'error-user-param-not-provided',
  /**
   * Deactivating (or deleting) a user who alone owns rooms without `confirmRelinquish`: Rocket.Chat's
   * `Meteor.Error('user-last-owner', '', {shouldChangeOwner, shouldBeRemoved})` (the rooms' names in `details`).
   */
  UserLastOwner: 'user-last-owner',
  /** `Accounts_RegistrationForm` set to `Disabled`: nobody registers. */
  RegistrationDisabled: 'error-user-registration-disabled',
  /** `Accounts_RegistrationForm` set to `Secret URL`, and no secret or the wrong one given. */
  RegistrationSecret: 'error-user-registration-secret',
  /** An e-mail domain outside `Accounts_AllowedDomainsList`. */
  InvalidDomain: 'error-invalid-domain',
  /** An e-mail domain in `Accounts_BlockedDomainsList`. */
  EmailDomainBlocked: 'error-email-domain-blacklisted',
  /**
   * Meteor's numeric `403` (Rocket.Chat's user insert: `Email already exists.`): REST `errorType` and DDP `error`
   * are the number 403.
   */
  MeteorForbidden: '403',
  /** A user's custom field refused by `Accounts_CustomFields` (required, select options, lengths). */
  CustomFieldInvalid: 'error-user-registration-custom-field',
  /** `Accounts_CustomFields` (or `Message_CustomFields`) is not valid JSON. */
  CustomFieldsJsonInvalid: 'error-invalid-customfield-json',
  /** More users than `API_User_Limit` added at once (`/invite-all-to`, `/invite-all-from`). */
  UserLimitExceeded: 'error-user-limit-exceeded',
  /** A shield type `API_Shield_Types` leaves out (`shield.svg`; `error-endpoint-disabled` while shields are off). */
  ShieldDisabled: 'error-shield-disabled',
  // Avatars (Rocket.Chat's setUserAvatar, setAvatarFromService)
  InvalidDesiredUser: 'error-invalid-desired-user',
  InvalidData: 'error-invalid-data',
  AvatarInvalidUrl: 'error-avatar-invalid-url',
  AvatarUrlHandling: 'error-avatar-url-handling',
  /** Personal access tokens: Rocket.Chat's `not-authorized`. */
  NotAuthorized: 'not-authorized',
  TotpRequired: 'totp-required',
  TotpInvalid: 'totp-invalid',
  TotpMaxAttempts: 'totp-max-attempts',
  TotpUserNotFound: 'totp-user-not-found',
  /** TOTP set-up: no pending secret, or a wrong code (Rocket.Chat's `invalid-totp`). */
  InvalidTotp: 'invalid-totp',
  TotpAlreadyEnabled: 'error-2fa-already-enabled',
  TwoFactorNotEnabled: 'error-two-factor-not-enabled',
  /** The mail server could not be reached, refused the message, or is not configured (Rocket.Chat's id). */
  EmailSendFailed: 'error-email-send-failed',
  /** A password-reset or verification token unknown, used or expired (Meteor answers `403 Token expired`). */
  TokenExpired: 'error-token-expired',
  /** An e-mail address already verified (users.sendConfirmationEmail). */
  EmailAlreadyVerified: 'error-email-already-verified',
  // LDAP (Rocket.Chat's ids)
  LdapLoginError: 'LDAP-login-error',
  LdapDisabled: 'LDAP_disabled',
  LdapConnectionFailed: 'Connection_failed',
  LdapUserNotFound: 'LDAP_User_Not_Found',
  // REST list parameters (`query`, `sort`, `fields`)
  InvalidQuery: 'error-invalid-query',
  InvalidSort: 'error-invalid-sort',
  InvalidFields: 'error-invalid-fields',
  // Authorization
  InvalidRole: 'error-invalid-role',
  InvalidPermission: 'error-invalid-permission',
  InvalidRoleId: 'error-invalid-roleId',
  RoleNotFound: 'error-role-not-found',
  RoleProtected: 'error-role-protected',
  RoleInUse: 'error-role-in-use',
  DuplicateRoleName: 'error-duplicate-role-names-not-allowed',
  InvalidRoleProperties: 'error-invalid-role-properties',
  UserAlreadyInRole: 'error-user-already-in-role',
  UserNotInRole: 'error-user-not-in-role',
  UserNotFound: 'error-user-not-found',
  InvalidArguments: 'error-invalid-arguments',
  /** permissions.listAll with a bad `updatedSince` (Rocket.Chat reuses this id there). */
  InvalidUpdatedSince: 'error-roomId-param-invalid',
  // Rooms
  InvalidRoom: 'error-invalid-room',
  /** Meteor `getRoomByTypeAndName` of a room the caller may not see. */
  NoPermission: 'error-no-permission',
  RoomNotFound: 'error-room-not-found',
  EndpointDisabled: 'error-endpoint-disabled',
  DuplicateChannelName: 'error-duplicate-channel-name',
  InvalidRoomName: 'error-invalid-room-name',
  RoomArchived: 'error-room-archived',
  RoomNotArchived: 'error-room-not-archived',
  RoomAlreadyArchived: 'error-room-already-archived',
  ReadOnly: 'error-room-is-read-only',
  UserNotInRoom: 'error-user-not-in-room',
  YouAreLastOwner: 'error-you-are-last-owner',
  RoomParamNotProvided: 'error-room-param-not-provided',
  /** rooms.* routes' `findRoomByIdOrName`: neither `roomId` nor `roomName`. */
  RoomIdOrNameNotProvided: 'error-roomid-param-not-provided',
  /** chat.syncMessages without `roomId` / `lastUpdate` (Rocket.Chat's words). */
  RoomIdParamNotProvided: 'error-roomId-param-not-provided',
  LastUpdateParamNotProvided: 'error-lastUpdate-param-not-provided',
  /** chat.syncMessages (Rocket.Chat 7.1+): its parameter errors. */
  ParamRequired: 'error-param-required',
  LastUpdateParamInvalid: 'error-lastUpdate-param-invalid',
  TypeParamRequired: 'error-type-param-required',
  CursorConflict: 'error-cursor-conflict',
  CursorAndLastUpdateConflict: 'error-cursor-and-lastUpdate-conflict',
  /** The moderation console. */
  ReportNotFound: 'error-report-not-found',
  NoReportsFound: 'no-reports-found',
  UserIdParamNotProvided: 'error-user-id-param-not-provided',
  /** saveRoomSettings: a key it does not know; an invalid `systemMessages` option; rooms.saveNotification's values. */
  InvalidSettings: 'error-invalid-settings',
  /** Rocket.Chat's `invalid-room`: an option naming no usable room; voip/room with no such call. */
  InvalidRoomOption: 'invalid-room',
  ArchivedDuplicateName: 'error-archived-duplicate-name',
  CantInviteForDirectRoom: 'error-cant-invite-for-direct-room',
  DirectMessageMaxUsers: 'error-direct-message-max-user-exceeded',
  JoinCodeRequired: 'error-code-required',
  JoinCodeInvalid: 'error-code-invalid',
  /** chat.postMessage to a channel that cannot be found. */
  InvalidChannel: 'invalid-channel',
  /** Room actions refused by a missing permission (archive, unarchive): Rocket.Chat's `error-not-authorized`. */
  RoomActionNotAuthorized: 'error-not-authorized',
  UserAlreadyOwner: 'error-user-already-owner',
  UserNotOwner: 'error-user-not-owner',
  RemoveLastOwner: 'error-remove-last-owner',
  UserAlreadyModerator: 'error-user-already-moderator',
  UserNotModerator: 'error-user-not-moderator',
  UserAlreadyLeader: 'error-user-already-leader',
  UserNotLeader: 'error-user-not-leader',
  /** A direct message's type cannot change (Rocket.Chat's `error-direct-room`). */
  DirectRoom: 'error-direct-room',
  // Messages
  InvalidMessage: 'error-invalid-message',
  MessageSizeExceeded: 'error-message-size-exceeded',
  MessageEditingBlocked: 'error-message-editing-blocked',
  MessageDeletingBlocked: 'error-message-deleting-blocked',
  MessageNotFound: 'error-message-not-found',
  /** Meteor `updateMessage` with a key it may not change (`rid` of another room): `Cannot update the message <key>`. */
  InvalidUpdateKey: 'error-invalid-update-key',
  NoMessageForUnread: 'error-no-message-for-unread',
  /** chat.syncThreadsList / syncThreadMessages without a valid `updatedSince` (Rocket.Chat's words). */
  UpdatedSinceParamInvalid: 'error-updatedSince-param-invalid',
  InvalidSubscription: 'error-invalid-subscription',
  /** Meteor `readMessages` of an unknown room (Rocket.Chat's `This room does not exist`). */
  RoomDoesNotExist: 'error-room-does-not-exist',
  // Teams
  TeamNotFound: 'team-does-not-exist',
  /** A private team's rooms asked for by someone outside it (teams.listRooms, teams.listRoomsOfUser): 400. */
  UserNotOnPrivateTeam: 'user-not-on-private-team',
  TeamNameExists: 'team-name-already-exists',
  InvalidSidepanel: 'error-invalid-sidepanel',
  RoomAlreadyOnTeam: 'error-room-already-on-team',
  /** Rocket.Chat's Team service words (thrown as bare `Error`s there). */
  RoomNotOnTeam: 'room-not-on-team',
  MemberDoesNotExist: 'member-does-not-exist',
  TeamNotAMember: 'error-invalid-team-not-a-member',
  // Presence
  InvalidStatus: 'error-invalid-status',
  // Settings
  InvalidSetting: 'error-invalid-setting',
  /** settings.addCustomOAuth without a usable name (Rocket.Chat's words). */
  NameParamNotProvided: 'error-name-param-not-provided',
  // OAuth logins (Meteor's `Service not configured`; ours for a refused state or provider answer)
  OAuthServiceNotConfigured: 'service-not-configured',
  OAuthInvalidState: 'error-oauth-invalid-state',
  OAuthFailed: 'error-oauth-failed',
  // Banners (Rocket.Chat's Banner service throws bare messages: `Banner not found`, `Invalid platform`, …)
  BannerNotFound: 'error-banner-not-found',
  InvalidBanner: 'error-invalid-banner',
  // NPS (Rocket.Chat's messages: `Server opted-out for NPS surveys`, `NPS not open for votes`, `NPS expired`, …)
  NpsDisabled: 'error-nps-disabled',
  NpsNotFound: 'error-nps-not-found',
  NpsNotOpen: 'error-nps-not-open',
  NpsAlreadyVoted: 'error-nps-already-voted',
  InvalidNpsScore: 'error-invalid-nps-score',
  // UI Kit interactions (Rocket.Chat's UiKitCoreApp: `invalid service name`, `Invalid payload`)
  InvalidApp: 'error-invalid-app',
  InvalidUiKitPayload: 'error-invalid-payload',
  TriggerIdExpired: 'error-trigger-id-expired',
  // Uploads
  FileUploadDisabled: 'error-file-upload-disabled',
  FileTooLarge: 'error-file-too-large',
  InvalidFileType: 'error-invalid-file-type',
  /** A multipart body without its `file` part. */
  NoFile: 'error-no-file',
  /** A part other than `file` carrying a file. */
  InvalidUploadField: 'invalid-field',
  /** An empty body, an image that is not one or is too large to decode, a missing upload. */
  InvalidFile: 'error-invalid-file',
  /** rooms.mediaConfirm of an upload that is not the caller's in that room. */
  InvalidFileId: 'invalid-file',
  InvalidFileName: 'error-invalid-file-name',
  // Push (Rocket.Chat's push.token / raix:push-update / push.test / saveNotificationSettings ids)
  PushIdParamNotValid: 'error-id-param-not-valid',
  PushTypeParamNotValid: 'error-type-param-not-valid',
  PushTokenParamNotValid: 'error-token-param-not-valid',
  PushAppNameParamNotValid: 'error-appName-param-not-valid',
  PushDisabled: 'error-push-disabled',
  // Custom user statuses, invites and slash commands (Rocket.Chat's ids, some without the `error-` prefix)
  /** Rocket.Chat's bare `not_authorized` (insertOrUpdateUserStatus, invites). */
  NotAuthorizedBare: 'not_authorized',
  CustomUserStatusNameInUse: 'Custom_User_Status_Error_Name_Already_In_Use',
  CustomUserStatusInvalid: 'Custom_User_Status_Error_Invalid_User_Status',
  // Custom emoji and sounds (Rocket.Chat's ids)
  CustomEmojiNameInUse: 'Custom_Emoji_Error_Name_Or_Alias_Already_In_Use',
  CustomEmojiInvalid: 'Custom_Emoji_Error_Invalid_Emoji',
  EmojiNotImage: 'emoji-is-not-image',
  CustomSoundNameInUse: 'Custom_Sound_Error_Name_Already_In_Use',
  CustomSoundInvalid: 'Custom_Sound_Error_Invalid_Sound',
  InviteExpired: 'error-invite-expired',
  InvalidInviteDays: 'invalid-number-of-days',
  InvalidInviteUses: 'invalid-number-of-uses',
  InvalidInvitationId: 'invalid-invitation-id',
  RoomTypeNotAllowed: 'error-room-type-not-allowed',
  InvalidCommand: 'error-invalid-command',
  InvalidCommandUsage: 'invalid-command-usage',
  InvalidCommandPreview: 'error-invalid-command-preview',
  InvalidRoomType: 'error-invalid-room-type',
  // Integrations (Rocket.Chat's ids; its methods' `not_authorized` is `NotAuthorizedBare`)
  InvalidIntegration: 'error-invalid-integration',
  InvalidIntegrationChannel: 'error-invalid-channel',
  InvalidChannelStart: 'error-invalid-channel-start-with-chars',
  InvalidEventType: 'error-invalid-event-type',
  InvalidUrls: 'error-invalid-urls',
  InvalidTargetRoom: 'error-invalid-targetRoom',
  IntegrationMustBeOutgoing: 'integration-type-must-be-outgoing',
  HistoryDataMissing: 'history-data-must-be-defined',
  /** Omnichannel VoIP is off (`VoIP_Enabled`), or its PBX cannot be reached (Rocket.Chat's ids). */
  VoipDisabled: 'error-voip-disabled',
  VoipConnectionFailed: 'error-connection-failed',
  /** An extension already assigned to another agent. */
  ExtensionNotAvailable: 'error-extension-not-available',
  ExtensionNotAssigned: 'error-extension-not-assigned',
  // Message search, discussions, moderation, blocking, usernames
  SearchTextParamNotProvided: 'error-searchText-param-not-provided',
  InvalidRegularExpression: 'error-invalid-regular-expression',
  NestedDiscussion: 'error-nested-discussion',
  InvalidDescription: 'error-invalid-description',
  InvalidPermissions: 'error-invalid-permissions',
  CannotReportSelf: 'error-cannot-report-self',
  InvalidMessageId: 'error-invalid-message_id',
  RoomIsBlocked: 'room_is_blocked',
  // Omnichannel (Rocket.Chat's livechat ids)
  /** A room already closed (`livechat/room.close`, `room.closeByUser`). */
  LivechatRoomAlreadyClosed: 'error-room-closed',
  LivechatInvalidDepartment: 'error-invalid-department',
  LivechatDisabled: 'error-livechat-disabled',
  LivechatInvalidAgent: 'error-invalid-agent',
  LivechatInvalidInquiry: 'error-invalid-inquiry',
  LivechatNoAgentOnline: 'no-agent-online',
  LivechatInvalidVisitor: 'error-invalid-visitor',
  LivechatAgentOffline: 'error-agent-status-service-offline',
  LivechatInquiryTaken: 'error-inquiry-taken',
  /** `livechat/visitors.info` of an unknown visitor. */
  LivechatVisitorNotFound: 'visitor-not-found',
  LivechatInvalidTrigger: 'error-invalid-trigger',
  LivechatInvalidBusinessHour: 'error-invalid-business-hour',
  /** An agent making themselves available outside the business hours. */
  LivechatBusinessHoursClosed: 'error-business-hours-are-closed',
  // Omnichannel contacts (Rocket.Chat 7's `omnichannel/contact(s)*`)
  ContactNotFound: 'error-contact-not-found',
  /** A contact manager who is no user with the `livechat-agent` role (`contacts`, `contacts.update`, `contact`). */
  ContactManagerNotFound: 'error-contact-manager-not-found',
  /** `omnichannel/contact`'s manager exists but is no livechat agent. */
  InvalidContactManager: 'error-invalid-contact-manager',
  InvalidCustomFieldValue: 'error-invalid-custom-field-value',
  CustomFieldNotAllowed: 'error-custom-field-not-allowed',
  // Livechat custom fields' administration (`livechat:saveCustomField`, `livechat:removeCustomField`)
  InvalidCustomFieldName: 'error-invalid-custom-field-name',
  /** A custom field `_id` that names none. */
  InvalidCustomField: 'error-invalid-custom-field',
  CustomFieldNameExists: 'error-custom-field-name-already-exists',
  /** `omnichannel/contact.search`: `custom` is not a JSON object. */
  InvalidParamsCustom: 'error-invalid-params-custom',
  /** `omnichannel/contact.search` without any criterion, `rooms.export` without a room or a type (Rocket.Chat's bare `error-invalid-params`). */
  MissingParams: 'error-invalid-params',
  // `rooms.export` (Rocket.Chat's `dataExport.sendFile` / `sendViaEmail`)
  InvalidExportFormat: 'error-invalid-format',
  InvalidExportDates: 'error-invalid-dates',
  InvalidRecipient: 'error-invalid-recipient',
  InvalidMessages: 'error-invalid-messages',
} as const;

/** Each Rocket.Chat error id once, one name per meaning (`error-code.spec.ts` checks it). */
export const ErrorCode = codes;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
