/** Rocket.Chat's user document (`users` collection), the fields this server reads or writes. */
export type UserStatus = 'online' | 'away' | 'busy' | 'offline';

export interface LoginToken {
  when: Date;
  /** SHA-256 of the token, base64: the token itself is never stored. */
  hashedToken: string;
  type?: 'personalAccessToken';
  name?: string;
  lastTokenPart?: string;
  createdAt?: Date;
  bypassTwoFactor?: boolean;
  /** A passed re-authentication is remembered until then, for the client whose fingerprint this is. */
  twoFactorAuthorizedUntil?: Date;
  twoFactorAuthorizedHash?: string;
}

/** Rocket.Chat's `services.totp`; `lastTimeStep` (this server's) is the last code's time step, never accepted again. */
export interface TotpService {
  enabled?: boolean;
  secret?: string;
  /** A set-up not confirmed yet. */
  tempSecret?: string;
  /** Unused backup codes, SHA-256 hex. */
  hashedBackup?: string[];
  lastTimeStep?: number;
}

export interface UserEmail {
  address: string;
  verified: boolean;
}

/** Rocket.Chat's reasons a user is inactive: deactivated by someone, waiting for approval, idle too long. */
export const INACTIVE_REASONS = ['deactivated', 'pending_approval', 'idle_too_long'] as const;
export type InactiveReason = (typeof INACTIVE_REASONS)[number];

export interface IUser {
  _id: string;
  createdAt: Date;
  _updatedAt: Date;
  username?: string;
  name?: string;
  emails?: UserEmail[];
  roles: string[];
  type: 'user' | 'bot' | 'app';
  active: boolean;
  status?: UserStatus;
  statusConnection?: UserStatus;
  statusDefault?: UserStatus;
  statusText?: string;
  utcOffset?: number;
  lastLogin?: Date;
  language?: string;
  bio?: string;
  nickname?: string;
  requirePasswordChange?: boolean;
  /** Why the user is inactive, as Rocket.Chat 7 keeps it (`users.listByStatus?inactiveReason[]=`); absent once active. */
  inactiveReason?: InactiveReason;
  /** The reason a user gave when registering while registrations are approved by hand. */
  reason?: string;
  customFields?: Record<string, unknown>;
  /** Created or merged by an LDAP login or sync (`services.ldap` names the directory entry). */
  ldap?: boolean;
  /** Where the avatar came from (`rest`, `url`, `initials`, a service's name); absent: the generated one. */
  avatarOrigin?: string;
  /** Changes with every new avatar, so clients ask `/avatar/<username>?etag=` afresh. */
  avatarETag?: string;
  settings?: { preferences?: Record<string, unknown> };
  services?: {
    password?: { bcrypt?: string };
    resume?: { loginTokens?: LoginToken[] };
    totp?: TotpService;
    [service: string]: unknown;
  };
}

/** The user as others may see it (no services, no emails unless allowed). */
export type PublicUser = Omit<IUser, 'services'>;

/** The reference to a user stored inside other documents (`u` of messages, rooms, subscriptions). */
export interface UserRef {
  _id: string;
  username: string;
  name?: string;
}

/** Rocket.Chat's numeric presence codes, used on the presence streams. */
export const STATUS_CODE: Record<UserStatus, number> = { offline: 0, online: 1, away: 2, busy: 3 };
