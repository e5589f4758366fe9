import type { RestBinding } from '@rc/contracts';

/**
 * Rocket.Chat 7's routes whose validator says `additionalProperties: false`, each with the key sets its schema
 * accepts (one per `anyOf`/`oneOf` branch) and the validator's name in `@rocket.chat/rest-typings` 7.0 (read from
 * its schemas; the route takes it as `validateParams` in `apps/meteor/app/api/server/v1`). On these routes a body
 * (POST, PUT) or query (GET, DELETE) key that the route's mapping never reads is refused, as Rocket.Chat's ajv
 * refuses it (`must NOT have additional properties [invalid-params]`); every other route ignores unknown keys,
 * as Rocket.Chat's routes without the rule do. The gateway needs only the route names: what a route takes is what
 * its mapping reads. The key sets are for `unknown-keys.spec.ts`, which checks that each mapping reads them all.
 */
export const ROCKET_CHAT_STRICT_ROUTES: Readonly<Record<string, ReadonlyArray<readonly string[]>>> = {
  'GET banners': [['platform']], // isBannersProps
  'GET banners.getNew': [['platform', 'bid']], // isBannersGetNewProps
  'GET banners/:id': [['platform']], // isBannersProps
  'GET channels.files': [['roomId', 'roomName', 'offset', 'count', 'sort', 'name', 'typeGroup', 'query']], // isChannelsFilesListProps
  'GET channels.getAllUserMentionsByChannel': [['roomId', 'offset', 'count', 'sort', 'query']], // isChannelsGetAllUserMentionsByChannelProps
  'GET channels.history': [
    ['roomId', 'latest', 'showThreadMessages', 'oldest', 'inclusive', 'unreads', 'count', 'offset', 'sort'],
    ['roomName', 'latest', 'showThreadMessages', 'oldest', 'inclusive', 'unreads', 'count', 'offset', 'sort'],
  ], // isChannelsHistoryProps
  'GET channels.list': [['_id', 'query']], // isChannelsListProps
  'GET channels.messages': [['roomId', 'mentionIds', 'starredIds', 'pinned', 'query', 'count', 'offset', 'sort']], // isChannelsMessagesProps
  'GET channels.moderators': [
    ['roomId', 'userId', 'username', 'user'],
    ['roomName', 'userId', 'username', 'user'],
  ], // isChannelsModeratorsProps
  'GET channels.online': [['_id', 'query']], // isChannelsOnlineProps
  'GET channels.roles': [['roomId'], ['roomName']], // isChannelsRolesProps
  'GET chat.getDeletedMessages': [['roomId', 'since', 'count', 'offset', 'sort']], // isChatGetDeletedMessagesProps
  'GET chat.getDiscussions': [['roomId', 'text', 'offset', 'count']], // isChatGetDiscussionsProps
  'GET chat.getMentionedMessages': [['roomId', 'count', 'offset', 'sort']], // isChatGetMentionedMessagesProps
  'GET chat.getMessage': [['msgId']], // isChatGetMessageProps
  'GET chat.getPinnedMessages': [['roomId', 'count', 'offset', 'sort']], // isChatGetPinnedMessagesProps
  'GET chat.getStarredMessages': [['roomId', 'count', 'offset', 'sort']], // isChatGetStarredMessagesProps
  'GET chat.getThreadMessages': [['tmid', 'count', 'offset', 'sort']], // isChatGetThreadMessagesProps
  'GET chat.getThreadsList': [['rid', 'type', 'text', 'offset', 'count', 'sort', 'query', 'fields']], // isChatGetThreadsListProps
  'GET chat.getURLPreview': [['roomId', 'url']], // isChatGetURLPreviewProps
  'GET chat.ignoreUser': [['rid', 'userId', 'ignore']], // isChatIgnoreUserProps
  'GET chat.search': [['roomId', 'searchText', 'count', 'offset']], // isChatSearchProps
  'GET chat.syncMessages': [['roomId', 'lastUpdate']], // isChatSyncMessagesProps
  'GET chat.syncThreadMessages': [['tmid', 'updatedSince', 'count', 'offset', 'sort']], // isChatSyncThreadMessagesProps
  'GET chat.syncThreadsList': [['rid', 'updatedSince']], // isChatSyncThreadsListProps
  'GET custom-sounds.list': [['count', 'offset', 'sort', 'name', 'query']], // isCustomSoundsListProps
  'GET custom-user-status.list': [['count', 'offset', 'sort', 'name', '_id', 'query']], // isCustomUserStatusListProps
  'GET directory': [['text', 'type', 'workspace', 'count', 'offset', 'sort', 'query']], // isDirectoryProps
  'GET dm.files': [
    ['roomId', 'query', 'sort', 'count', 'offset'],
    ['username', 'query', 'sort', 'count', 'offset'],
  ], // isDmFileProps
  'GET dm.history': [['roomId', 'latest', 'showThreadMessages', 'oldest', 'inclusive', 'unreads', 'count', 'offset', 'sort']], // isDmHistoryProps
  'GET dm.members': [
    ['roomId', 'status', 'filter', 'query', 'sort', 'count', 'offset'],
    ['username', 'status', 'filter', 'query', 'sort', 'count', 'offset'],
  ], // isDmMemberProps
  'GET dm.messages': [
    ['roomId', 'mentionIds', 'starredIds', 'pinned', 'fields', 'query', 'sort', 'count', 'offset'],
    ['username', 'mentionIds', 'starredIds', 'pinned', 'query', 'fields', 'sort', 'count', 'offset'],
  ], // isDmMessagesProps
  'GET emoji-custom.list': [['query', 'updatedSince', '_updatedAt', '_id']], // isEmojiCustomList
  'GET groups.counters': [
    ['roomId', 'userId'],
    ['roomName', 'userId'],
  ], // isGroupsCountersProps
  'GET groups.files': [
    ['roomId', 'count', 'sort', 'query', 'offset'],
    ['roomName', 'count', 'sort', 'query', 'offset'],
  ], // isGroupsFilesProps
  'GET groups.history': [
    ['roomId', 'latest', 'oldest', 'inclusive', 'unreads', 'showThreadMessages', 'count', 'offset', 'sort'],
    ['roomName', 'latest', 'oldest', 'inclusive', 'unreads', 'showThreadMessages', 'count', 'offset', 'sort'],
  ], // isGroupsHistoryProps
  'GET groups.info': [['roomId'], ['roomName']], // isGroupsInfoProps
  'GET groups.members': [
    ['roomId', 'offset', 'count', 'filter', 'status'],
    ['roomName', 'offset', 'count', 'filter', 'status'],
  ], // isGroupsMembersProps
  'GET groups.messages': [
    ['roomId', 'mentionIds', 'starredIds', 'pinned', 'count', 'offset', 'sort', 'query'],
    ['roomName', 'roomId', 'mentionIds', 'starredIds', 'pinned', 'count', 'offset', 'sort', 'query'],
  ], // isGroupsMessagesProps
  'GET groups.moderators': [['roomId'], ['roomName']], // isGroupsModeratorsProps
  'GET groups.online': [['_id', 'query']], // isGroupsOnlineProps
  'GET groups.roles': [['roomId'], ['roomName']], // isGroupsRolesProps
  'GET im.files': [
    ['roomId', 'query', 'sort', 'count', 'offset'],
    ['username', 'query', 'sort', 'count', 'offset'],
  ], // isDmFileProps
  'GET im.history': [['roomId', 'latest', 'showThreadMessages', 'oldest', 'inclusive', 'unreads', 'count', 'offset', 'sort']], // isDmHistoryProps
  'GET im.members': [
    ['roomId', 'status', 'filter', 'query', 'sort', 'count', 'offset'],
    ['username', 'status', 'filter', 'query', 'sort', 'count', 'offset'],
  ], // isDmMemberProps
  'GET im.messages': [
    ['roomId', 'mentionIds', 'starredIds', 'pinned', 'fields', 'query', 'sort', 'count', 'offset'],
    ['username', 'mentionIds', 'starredIds', 'pinned', 'query', 'fields', 'sort', 'count', 'offset'],
  ], // isDmMessagesProps
  'GET integrations.history': [['id', 'offset', 'count', 'sort', 'query']], // isIntegrationsHistoryProps
  'GET integrations.list': [['count', 'offset', 'sort', 'name', 'type', 'query']], // isIntegrationsListProps
  'GET licenses.info': [['loadValues']], // isLicensesInfoProps
  'GET permissions.listAll': [['updatedSince']], // isPermissionsListAll
  'GET roles.getUsersInRole': [['roomId', 'role', 'count', 'offset', 'sort', 'query']], // isRolesGetUsersInRoleProps
  'GET rooms.adminRooms': [['filter', 'types', 'count', 'offset', 'sort', 'query']], // isRoomsAdminRoomsProps
  'GET rooms.autocomplete.availableForTeams': [['name']], // isRoomsAutocompleteAvailableForTeamsProps
  'GET rooms.autocomplete.channelAndPrivate': [['selector']], // isRoomsAutoCompleteChannelAndPrivateProps
  'GET rooms.autocomplete.channelAndPrivate.withPagination': [['selector', 'count', 'offset', 'sort', 'query']], // isRoomsAutocompleteChannelAndPrivateWithPaginationProps
  'GET rooms.images': [['roomId', 'startingFromId', 'count', 'offset']], // isRoomsImagesProps
  'GET rooms.info': [['roomId'], ['roomName']], // isRoomsInfoProps
  'GET rooms.isMember': [['roomId', 'userId', 'username']], // isRoomsIsMemberProps
  'GET rooms.membersOrderedByRole': [
    ['roomId', 'status', 'filter', 'count', 'offset', 'sort'],
    ['roomName', 'status', 'filter', 'count', 'offset', 'sort'],
  ], // isRoomsMembersOrderedByRoleProps (7.3)
  'GET rooms.nameExists': [['roomName']], // isGETRoomsNameExists
  'GET settings.public': [['count', 'offset', 'sort', '_id', 'query']], // isSettingsPublicWithPaginationProps
  'GET spotlight': [['query']], // isSpotlightProps
  'GET subscriptions.get': [['updatedSince']], // isSubscriptionsGetProps
  'GET subscriptions.getOne': [['roomId']], // isSubscriptionsGetOneProps
  'GET teams.listChildren': [['teamId', 'teamName', 'type', 'roomId', 'filter', 'offset', 'count', 'sort']], // isTeamsListChildrenProps
  'GET users.autocomplete': [['selector']], // isUsersAutocompleteProps
  'GET users.checkUsernameAvailability': [['username']], // isUsersCheckUsernameAvailabilityParamsGET
  'GET users.info': [
    ['userId', 'includeUserRooms', 'fields'],
    ['username', 'includeUserRooms', 'fields'],
    ['importId', 'includeUserRooms', 'fields'],
  ], // isUsersInfoParamsGetProps
  'GET users.listByStatus': [['status', 'hasLoggedIn', 'type', 'roles', 'searchTerm', 'sort', 'count', 'offset', 'inactiveReason']], // isUsersListStatusProps
  'GET users.listTeams': [['userId']], // isUsersListTeamsProps
  'POST banners.dismiss': [['bannerId']], // isBannersDismissProps
  'POST channels.archive': [['roomId'], ['roomName']], // isChannelsArchiveProps
  'POST channels.convertToTeam': [['channelId'], ['channelName']], // isChannelsConvertToTeamProps
  'POST channels.create': [['name', 'members', 'teams', 'readonly', 'extraData']], // isChannelsCreateProps
  'POST channels.delete': [['roomId'], ['roomName']], // isChannelsDeleteProps
  'POST channels.join': [
    ['roomId', 'joinCode'],
    ['roomName', 'joinCode'],
  ], // isChannelsJoinProps
  'POST channels.kick': [
    ['roomId', 'userId'],
    ['roomName', 'userId'],
  ], // isChannelsKickProps
  'POST channels.leave': [['roomId'], ['roomName']], // isChannelsLeaveProps
  'POST channels.open': [
    ['roomId', 'query', 'sort'],
    ['roomName', 'query', 'sort'],
  ], // isChannelsOpenProps
  'POST channels.setAnnouncement': [
    ['roomId', 'announcement'],
    ['roomName', 'announcement'],
  ], // isChannelsSetAnnouncementProps
  'POST channels.setReadOnly': [
    ['roomId', 'readOnly'],
    ['roomName', 'readOnly'],
  ], // isChannelsSetReadOnlyProps
  'POST channels.unarchive': [['roomId'], ['roomName']], // isChannelsUnarchiveProps
  'POST chat.delete': [['msgId', 'roomId', 'asUser']], // isChatDeleteProps
  'POST chat.followMessage': [['mid']], // isChatFollowMessageProps
  'POST chat.pinMessage': [['messageId']], // isChatPinMessageProps
  'POST chat.postMessage': [
    ['roomId', 'text', 'alias', 'emoji', 'avatar', 'attachments', 'customFields'],
    ['channel', 'text', 'alias', 'emoji', 'avatar', 'attachments', 'customFields'],
  ], // isChatPostMessageProps
  'POST chat.react': [
    ['emoji', 'messageId', 'shouldReact'],
    ['reaction', 'messageId', 'shouldReact'],
  ], // isChatReactProps
  'POST chat.reportMessage': [['messageId', 'description']], // isChatReportMessageProps
  'POST chat.sendMessage': [['message', 'previewUrls']], // isChatSendMessageProps
  'POST chat.starMessage': [['messageId']], // isChatStarMessageProps
  'POST chat.unPinMessage': [['messageId']], // isChatUnpinMessageProps
  'POST chat.unStarMessage': [['messageId']], // isChatUnstarMessageProps
  'POST chat.unfollowMessage': [['mid']], // isChatUnfollowMessageProps
  'POST chat.update': [['roomId', 'msgId', 'text', 'previewUrls', 'customFields']], // isChatUpdateProps
  'POST dm.create': [
    ['usernames', 'excludeSelf'],
    ['username', 'excludeSelf'],
  ], // isDmCreateProps
  'POST dm.delete': [['roomId'], ['username']], // isDmDeleteProps
  'POST emoji-custom.delete': [['emojiId']], // isEmojiCustomDelete
  'POST findOrCreateInvite': [['rid', 'days', 'maxUses']], // isFindOrCreateInviteParams
  'POST groups.addLeader': [
    ['roomId', 'userId'],
    ['roomName', 'userId'],
  ], // isGroupsAddLeaderProps
  'POST groups.addModerator': [
    ['roomId', 'userId'],
    ['roomName', 'userId'],
  ], // isGroupsAddModeratorProps
  'POST groups.addOwner': [
    ['roomId', 'userId'],
    ['roomName', 'userId'],
  ], // isGroupsAddOwnerProps
  'POST groups.archive': [['roomId'], ['roomName']], // isGroupsArchiveProps
  'POST groups.close': [['roomId'], ['roomName']], // isGroupsCloseProps
  'POST groups.convertToTeam': [['roomId'], ['roomName']], // isGroupsConvertToTeamProps
  'POST groups.create': [['name', 'members', 'readOnly', 'customFields', 'extraData']], // isGroupsCreateProps
  'POST groups.delete': [['roomId'], ['roomName']], // isGroupsDeleteProps
  'POST groups.invite': [
    ['roomId', 'userId'],
    ['roomName', 'userId'],
  ], // isGroupsInviteProps
  'POST groups.kick': [
    ['roomId', 'userId'],
    ['roomName', 'userId'],
  ], // isGroupsKickProps
  'POST groups.leave': [['roomId'], ['roomName']], // isGroupsLeaveProps
  'POST groups.open': [['roomId'], ['roomName']], // isGroupsOpenProps
  'POST groups.removeLeader': [
    ['roomId', 'userId'],
    ['roomName', 'userId'],
  ], // isGroupsRemoveLeaderProps
  'POST groups.removeModerator': [
    ['roomId', 'userId'],
    ['roomName', 'userId'],
  ], // isGroupsRemoveModeratorProps
  'POST groups.removeOwner': [
    ['roomId', 'userId'],
    ['roomName', 'userId'],
  ], // isGroupsRemoveOwnerProps
  'POST groups.rename': [
    ['roomId', 'name'],
    ['roomName', 'name'],
  ], // isGroupsRenameProps
  'POST groups.setAnnouncement': [
    ['roomId', 'announcement'],
    ['roomName', 'announcement'],
  ], // isGroupsSetAnnouncementProps
  'POST groups.setCustomFields': [
    ['roomId', 'customFields'],
    ['roomName', 'customFields'],
  ], // isGroupsSetCustomFieldsProps
  'POST groups.setDescription': [
    ['roomId', 'description'],
    ['roomName', 'description'],
  ], // isGroupsSetDescriptionProps
  'POST groups.setPurpose': [
    ['roomId', 'purpose'],
    ['roomName', 'purpose'],
  ], // isGroupsSetPurposeProps
  'POST groups.setReadOnly': [
    ['roomId', 'readOnly'],
    ['roomName', 'readOnly'],
  ], // isGroupsSetReadOnlyProps
  'POST groups.setTopic': [
    ['roomId', 'topic'],
    ['roomName', 'topic'],
  ], // isGroupsSetTopicProps
  'POST groups.setType': [
    ['roomId', 'type'],
    ['roomName', 'type'],
  ], // isGroupsSetTypeProps
  'POST groups.unarchive': [['roomId'], ['roomName']], // isGroupsUnarchiveProps
  'POST im.create': [
    ['usernames', 'excludeSelf'],
    ['username', 'excludeSelf'],
  ], // isDmCreateProps
  'POST im.delete': [['roomId'], ['username']], // isDmDeleteProps
  'POST integrations.create': [
    [
      'type',
      'username',
      'channel',
      'scriptEnabled',
      'overrideDestinationChannelEnabled',
      'script',
      'name',
      'enabled',
      'alias',
      'avatar',
      'emoji',
      'scriptEngine',
    ],
    [
      'type',
      'username',
      'channel',
      'event',
      'targetRoom',
      'urls',
      'triggerWords',
      'triggerWordAnywhere',
      'token',
      'scriptEnabled',
      'script',
      'runOnEdits',
      'retryFailedCalls',
      'retryCount',
      'retryDelay',
      'impersonateUser',
      'name',
      'enabled',
      'alias',
      'avatar',
      'emoji',
      'scriptEngine',
    ],
  ], // isIntegrationsCreateProps
  'POST permissions.update': [['permissions']], // isBodyParamsValidPermissionUpdate
  'POST roles.addUserToRole': [['username', 'roleId', 'roleName', 'roomId']], // isRoleAddUserToRoleProps
  'POST roles.delete': [['roleId']], // isRoleDeleteProps
  'POST roles.removeUserFromRole': [['username', 'roleId', 'roleName', 'roomId', 'scope']], // isRoleRemoveUserFromRoleProps
  'POST rooms.cleanHistory': [
    ['roomId', 'latest', 'oldest', 'inclusive', 'excludePinned', 'filesOnly', 'users', 'limit', 'ignoreDiscussion', 'ignoreThreads'],
  ], // isRoomsCleanHistoryProps
  'POST rooms.createDiscussion': [['prid', 'pmid', 't_name', 'users', 'encrypted', 'reply']], // isRoomsCreateDiscussionProps
  'POST rooms.muteUser': [
    ['userId', 'roomId'],
    ['username', 'roomId'],
  ], // isRoomsMuteUnmuteUserProps
  'POST rooms.open': [['roomId']], // isRoomsOpenProps
  'POST rooms.saveRoomSettings': [
    [
      'rid',
      'roomAvatar',
      'featured',
      'roomName',
      'roomTopic',
      'roomAnnouncement',
      'roomDescription',
      'roomType',
      'readOnly',
      'reactWhenReadOnly',
      'default',
      'encrypted',
      'favorite',
    ],
  ], // isRoomsSaveRoomSettingsProps
  'POST rooms.unmuteUser': [
    ['userId', 'roomId'],
    ['username', 'roomId'],
  ], // isRoomsMuteUnmuteUserProps
  'POST subscriptions.read': [
    ['rid', 'readThreads'],
    ['roomId', 'readThreads'],
  ], // isSubscriptionsReadProps
  'POST subscriptions.unread': [['roomId'], ['firstUnreadMessage']], // isSubscriptionsUnreadProps
  'POST teams.addMembers': [
    ['teamId', 'members'],
    ['teamName', 'members'],
  ], // isTeamsAddMembersProps
  'POST teams.convertToChannel': [
    ['roomsToRemove', 'teamId'],
    ['roomsToRemove', 'teamName'],
  ], // isTeamsConvertToChannelProps
  'POST teams.delete': [
    ['teamId', 'roomsToRemove'],
    ['teamName', 'roomsToRemove'],
  ], // isTeamsDeleteProps
  'POST teams.leave': [
    ['teamId', 'rooms'],
    ['teamName', 'rooms'],
  ], // isTeamsLeaveProps
  'POST teams.removeMember': [
    ['teamId', 'userId', 'rooms'],
    ['teamName', 'userId', 'rooms'],
  ], // isTeamsRemoveMemberProps
  'POST teams.removeRoom': [
    ['teamId', 'roomId'],
    ['teamName', 'roomId'],
  ], // isTeamsRemoveRoomProps
  'POST teams.update': [['updateRoom', 'teamId', 'teamName', 'data', 'name']], // isTeamsUpdateProps
  'POST teams.updateMember': [
    ['teamId', 'member'],
    ['teamName', 'member'],
  ], // isTeamsUpdateMemberProps
  'POST useInviteToken': [['token']], // isUseInviteTokenProps
  'POST users.2fa.sendEmailCode': [['emailOrUsername']], // isUsers2faSendEmailCodeProps
  'POST users.create': [
    [
      'email',
      'name',
      'password',
      'username',
      'active',
      'bio',
      'nickname',
      'statusText',
      'roles',
      'joinDefaultChannels',
      'requirePasswordChange',
      'setRandomPassword',
      'sendWelcomeEmail',
      'verified',
      'customFields',
      'fields',
    ],
  ], // isUserCreateParamsPOST
  'POST users.deactivateIdle': [['daysIdle', 'role']], // isUserDeactivateIdleParamsPOST
  'POST users.register': [['username', 'name', 'email', 'pass', 'secret', 'reason', 'customFields']], // isUserRegisterParamsPOST
  'POST users.resetAvatar': [['userId', 'username']], // isUsersResetAvatarProps
  'POST users.sendConfirmationEmail': [['email']], // isUsersSendConfirmationEmailParamsPOST
  'POST users.setActiveStatus': [['userId', 'activeStatus', 'confirmRelinquish']], // isUserSetActiveStatusParamsPOST
  'POST users.setPreferences': [['userId', 'data']], // isUsersSetPreferencesParamsPOST
  'POST users.update': [['userId', 'confirmRelinquish', 'data']], // isUsersUpdateParamsPOST
  'POST users.updateOwnBasicInfo': [['data', 'customFields']], // isUsersUpdateOwnBasicInfoParamsPOST
  'POST validateInviteToken': [['token']], // isValidateInviteTokenProps
  'POST video-conference.start': [['roomId', 'title', 'allowRinging']], // isVideoConfStartProps
  // Omnichannel contacts (Rocket.Chat 7's `omnichannel/contacts*`).
  'GET omnichannel/contacts.channels': [['contactId']], // isGETOmnichannelContactsChannelsProps
  'GET omnichannel/contacts.checkExistence': [['contactId'], ['email'], ['phone']], // isGETOmnichannelContactsCheckExistenceProps
  'GET omnichannel/contacts.get': [['contactId']], // isGETOmnichannelContactsProps
  'GET omnichannel/contacts.history': [['contactId', 'source', 'count', 'offset', 'sort']], // isGETOmnichannelContactHistoryProps
  'GET omnichannel/contacts.search': [['count', 'offset', 'sort', 'searchText', 'unknown']], // isGETOmnichannelContactsSearchProps
  'POST omnichannel/contacts': [['name', 'emails', 'phones', 'customFields', 'contactManager']], // isPOSTOmnichannelContactsProps
  'POST omnichannel/contacts.conflicts': [['contactId', 'name', 'customFields', 'contactManager', 'wipeConflicts']], // isPOSTOmnichannelContactsConflictsProps
  'POST omnichannel/contacts.delete': [['contactId']], // isPOSTOmnichannelContactDeleteProps
  // Livechat custom fields' administration.
  'GET livechat/custom-fields': [['text', 'count', 'offset', 'sort', 'query']], // isLivechatCustomFieldsProps
  'POST livechat/custom-fields.remove': [['_id']], // isPOSTLivechatRemoveCustomFields
  'POST omnichannel/contacts.update': [['contactId', 'name', 'emails', 'phones', 'customFields', 'contactManager', 'wipeConflicts']], // isPOSTUpdateOmnichannelContactsProps
  // Checked inline by Rocket.Chat's route rather than by a rest-typings schema.
  'POST users.setStatus': [['status', 'message', 'userId', 'username', 'user']],
  'GET instances.get': [[]],
};

/** `GET chat.getMessage`: a route as the table names it. */
export const routeKey = (binding: Pick<RestBinding, 'method' | 'path'>): string => `${binding.method} ${binding.path}`;

/** Whether a route refuses keys its mapping does not read (Rocket.Chat's `additionalProperties: false`). */
export const refusesUnknownKeys = (binding: Pick<RestBinding, 'method' | 'path'>): boolean =>
  Object.hasOwn(ROCKET_CHAT_STRICT_ROUTES, routeKey(binding));
