import type { FileProp } from './upload.js';
import type { UserRef } from './user.js';

export interface MessageMention {
  _id: string;
  username?: string;
  name?: string;
  type?: 'user' | 'team';
}

export interface ChannelMention {
  _id: string;
  name: string;
}

export interface MessageAttachment {
  [key: string]: unknown;
}

/** Rocket.Chat's message document (`rocketchat_message`). */
export interface IMessage {
  _id: string;
  rid: string;
  msg: string;
  ts: Date;
  u: UserRef;
  _updatedAt: Date;
  /** System message type (`uj` joined, `ul` left, `r` renamed, `au` added, `ru` removed, …). */
  t?: string;
  groupable?: boolean;
  alias?: string;
  avatar?: string;
  emoji?: string;
  mentions?: MessageMention[];
  channels?: ChannelMention[];
  /** The parsed message (`@rocket.chat/message-parser`). */
  md?: unknown[];
  reactions?: Record<string, { usernames: string[]; names?: string[] }>;
  /** Thread: the id of the thread's first message. */
  tmid?: string;
  tcount?: number;
  tlm?: Date;
  replies?: string[];
  /** The discussion started from this message (its `discussion-created` notice, or the message it quotes). */
  drid?: string;
  /** That discussion's message count and last message date. */
  dcount?: number;
  dlm?: Date;
  tshow?: boolean;
  editedAt?: Date;
  editedBy?: { _id: string; username: string };
  pinned?: boolean;
  pinnedAt?: Date;
  pinnedBy?: { _id: string; username: string };
  starred?: Array<{ _id: string }>;
  attachments?: MessageAttachment[];
  /** UI Kit blocks (an app's buttons, sections, …), stored as sent. */
  blocks?: Array<Record<string, unknown>>;
  /** The uploaded file a message carries (its first), and all of them (an image's thumbnail too). */
  file?: FileProp;
  files?: FileProp[];
  parseUrls?: boolean;
  /** `ignoreParse`: the sender asked for no preview of this link (`previewUrls` left it out). */
  urls?: Array<{ url: string; ignoreParse?: boolean }>;
  customFields?: Record<string, unknown>;
  /** Posted by an integration (`i`: its id), as Rocket.Chat marks webhook messages. */
  bot?: { i: string };
}
