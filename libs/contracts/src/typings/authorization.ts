/** Rocket.Chat's role document (`rocketchat_roles`); `_id` equals the name for built-in roles. */
export interface IRole {
  _id: string;
  name: string;
  description: string;
  protected: boolean;
  /** `Users`: held globally (users.roles); `Subscriptions`: held per room (subscription.roles). */
  scope: 'Users' | 'Subscriptions';
  mandatory2fa?: boolean;
  _updatedAt?: Date;
}

/** Rocket.Chat's permission document (`rocketchat_permissions`): which roles hold it. */
export interface IPermission {
  _id: string;
  roles: string[];
  _updatedAt?: Date;
  group?: string;
  level?: 'settings';
  section?: string;
  settingId?: string;
  sorter?: number;
}
