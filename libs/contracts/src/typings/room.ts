import type { IMessage } from './message.js';
import type { UserRef } from './user.js';

/** `c` public channel, `p` private group, `d` direct message (two or more users). */
export type RoomType = 'c' | 'p' | 'd';

/** Rocket.Chat's room document (`rocketchat_room`). */
export interface IRoom {
  _id: string;
  t: RoomType;
  /** Unique name of channels and groups; absent on direct messages. */
  name?: string;
  fname?: string;
  u?: UserRef;
  ts: Date;
  _updatedAt: Date;
  msgs: number;
  usersCount: number;
  default?: boolean;
  featured?: boolean;
  ro?: boolean;
  archived?: boolean;
  topic?: string;
  description?: string;
  announcement?: string;
  /** A discussion's parent room. */
  prid?: string;
  /** A discussion started from a message: that message. */
  pmid?: string;
  /** Direct messages: the members' ids and usernames. */
  uids?: string[];
  usernames?: string[];
  lm?: Date;
  lastMessage?: IMessage;
  teamId?: string;
  teamMain?: boolean;
  /** A team main room's side panel (`teams.create`'s `sidepanel`): which lists it shows. */
  sidepanel?: { items: Array<'channels' | 'discussions'> } | null;
  /** A team room that new team members join. */
  teamDefault?: boolean;
  /** Joining needs this code (unless `join-without-join-code`); never sent to clients. */
  joinCode?: string;
  sysMes?: boolean | string[];
  /** The room avatar's ETag (`rooms.saveRoomSettings` roomAvatar); absent: none uploaded. */
  avatarETag?: string;
  muted?: string[];
  reactWhenReadOnly?: boolean;
  broadcast?: boolean;
  encrypted?: boolean;
  customFields?: Record<string, unknown>;
  /** The room's own retention policy (`saveRoomSettings` `retention*`); `maxAge` in days. */
  retention?: {
    enabled?: boolean;
    maxAge?: number;
    excludePinned?: boolean;
    filesOnly?: boolean;
    ignoreThreads?: boolean;
    overrideGlobal?: boolean;
  };
}
