/**
 * Domain error codes. The values are Rocket.Chat's own error identifiers (`Meteor.Error#error`), so a
 * client that switches on `errorType` (REST) or `error` (DDP) sees what it expects.
 */
export const ErrorCode = {
  // Generic
  InvalidParams: 'invalid-params',
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
  // Accounts
  LoginFailed: 'error-login-failed',
  LoginBlocked: 'error-login-blocked',
  InvalidUser: 'error-invalid-user',
  UsernameTaken: 'error-field-unavailable',
  InvalidEmail: 'error-invalid-email',
  InvalidUsername: 'error-invalid-username',
  PasswordPolicy: 'error-password-policy-not-met',
  InvalidToken: 'error-invalid-token',
  TokenAlreadyExists: 'error-token-already-exists',
  TokenDoesNotExist: 'error-token-does-not-exists',
  // Authorization
  InvalidRole: 'error-invalid-role',
  InvalidPermission: 'error-invalid-permission',
  // Rooms
  InvalidRoom: 'error-invalid-room',
  RoomNotFound: 'error-room-not-found',
  DuplicateChannelName: 'error-duplicate-channel-name',
  InvalidRoomName: 'error-invalid-room-name',
  RoomArchived: 'error-room-archived',
  RoomNotArchived: 'error-room-not-archived',
  RoomAlreadyArchived: 'error-room-already-archived',
  ReadOnly: 'error-room-is-read-only',
  UserNotInRoom: 'error-user-not-in-room',
  YouAreLastOwner: 'error-you-are-last-owner',
  // Messages
  InvalidMessage: 'error-invalid-message',
  MessageSizeExceeded: 'error-message-size-exceeded',
  MessageEditingBlocked: 'error-message-editing-blocked',
  MessageDeletingBlocked: 'error-message-deleting-blocked',
  // Teams
  TeamNotFound: 'team-does-not-exist',
  // Settings
  InvalidSetting: 'error-invalid-setting',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
