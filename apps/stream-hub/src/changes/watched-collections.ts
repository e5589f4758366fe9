import type { ChangeMapper, DocumentChange } from './change-mapper.js';

/** The collections stream-hub follows, and what each change becomes. */
export const WATCHED_COLLECTIONS: ReadonlyArray<{
  collection: string;
  map: (mapper: ChangeMapper, change: DocumentChange<never>) => void;
}> = [
  { collection: 'rocketchat_message', map: (m, c) => m.message(c) },
  { collection: 'rocketchat_room', map: (m, c) => m.room(c) },
  { collection: 'rocketchat_subscription', map: (m, c) => m.subscription(c) },
  { collection: 'users', map: (m, c) => m.user(c) },
  { collection: 'rocketchat_settings', map: (m, c) => m.setting(c) },
  { collection: 'rocketchat_roles', map: (m, c) => m.role(c) },
  { collection: 'rocketchat_permissions', map: (m, c) => m.permission(c) },
  { collection: 'rocketchat_trash', map: (m, c) => m.trashed(c) },
];
