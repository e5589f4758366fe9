import { Injectable, Optional } from '@nestjs/common';
import { BadWordsService } from './bad-words.service.js';
import { DomainError, ErrorCode, type Actor, type IMessage, type IRoom, type OutgoingMessage } from '@rc/contracts';
import { MessagesRepository, randomId, toUserRef } from '@rc/models';
import { AppsLink } from '../apps-link/apps-link.service.js';
import { AccessService } from '../common/access.service.js';
import { RoomCache } from '../common/room-cache.service.js';
import { SettingsCache } from '@rc/settings';
import { MessageComposer } from './message-composer.service.js';
import { MessageGuard, refusal, SendRefusal, type CheckedBy } from './message-guard.service.js';
import { EphemeralMessages } from '../common/ephemeral-messages.js';
import { SenderCache, type Sender } from '../common/sender-cache.service.js';
import { MessageWriter, type NewMessage } from './writer/message-writer.service.js';
import { assertMessageCustomFields } from './message-custom-fields.js';

/**
 * Rocket.Chat's `sendMessage` (`executeSendMessage`): checks, then the message stored once whatever the
 * number of resends (a client-chosen `_id`), then its effects (MessageWriter). The path takes the sender and the
 * room from memory (SenderCache, RoomCache), reads a thread's parent by id and writes a bounded number of documents;
 * nothing per member (the members' counters and notifications run after the answer: MemberWork).
 */
@Injectable()
export class SendMessageService {
  constructor(
    private readonly senders: SenderCache,
    private readonly rooms: RoomCache,
    private readonly messages: MessagesRepository,
    private readonly settings: SettingsCache,
    private readonly access: AccessService,
    private readonly guard: MessageGuard,
    private readonly composer: MessageComposer,
    private readonly writer: MessageWriter,
    /** Absent in the unit specs' world. */
    @Optional() private readonly badWords?: BadWordsService,
    /** The installed apps' pre-send hooks (absent in unit worlds). */
    @Optional() private readonly apps?: AppsLink,
    /** Absent in unit worlds that do not look at the sender's ephemeral messages. */
    @Optional() private readonly ephemeral?: EphemeralMessages,
  ) {}

  /**
   * A client's message (`chat.sendMessage`, DDP `sendMessage`): `send`, then Rocket.Chat's method answers
   * `null` (nothing) for every refusal but `error-not-allowed`; its route answers them all.
   */
  async sendFromClient(
    actor: Actor,
    message: WithOptionalRid<OutgoingMessage>,
    previewUrls: string[] | undefined,
    face: SendFace,
  ): Promise<IMessage | null> {
    try {
      return await this.send(actor, message, previewUrls, undefined, face);
    } catch (error) {
      if (face === 'ddp' && error instanceof DomainError && !METHOD_RETHROWS.has(thrownBy(error))) return null;
      throw error;
    }
  }

  /**
   * `previewUrls`: the links the sender wants previews of (the others are marked `ignoreParse`); all when absent.
   * `face`: `rest` answers the refusals as Rocket.Chat's `chat.sendMessage` does (bare texts); as its
   * `executeSendMessage`, a refusal of the room or of the message (not of the request itself) reaches a client
   * sender (`rest`, `ddp`) as an ephemeral message too.
   */
  async send(
    actor: Actor,
    message: WithOptionalRid<OutgoingMessage>,
    previewUrls?: string[],
    files?: FileFields,
    face: SendFace = 'internal',
  ): Promise<IMessage> {
    const checkedBy: CheckedBy = face === 'rest' ? 'route' : 'method';
    const { rid } = message;
    if (!rid) throw refusal('noRid', checkedBy);
    const outgoing: OutgoingMessage = { ...message, rid };
    if (outgoing.tshow && !outgoing.tmid) {
      throw new DomainError(ErrorCode.InvalidParams, 'tshow provided but missing tmid');
    }
    if (outgoing.tmid && !this.settings.get<boolean>('Threads_enabled')) {
      throw new DomainError(ErrorCode.NotAllowed, 'not-allowed');
    }
    this.assertSize(outgoing.msg);

    // Everything the send needs, read at once: one round of latency instead of three.
    const [user, room, parent] = await Promise.all([
      // Held in memory (SenderCache): no read of the sender per send.
      this.senders.get(actor.userId),
      // Held in memory too (RoomCache): dropped on every instance by every write of the room, before it is answered.
      this.rooms.get(outgoing.rid),
      outgoing.tmid ? this.messages.findById(outgoing.tmid) : null,
    ]);
    if (!user?.username) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    try {
      if (!room) throw refusal('invalidRoom', checkedBy);
      // On the room just read (a public channel needs no further read; a private room its member's subscription).
      const canAccess = await this.access.canAccessRoom(actor.userId, room);
      if (outgoing.tmid && (!parent || parent.rid !== room._id)) {
        throw new DomainError(ErrorCode.InvalidMessage, 'Invalid thread');
      }
      await this.guard.assertCanPost(room, user, 'send', canAccess, checkedBy);
      return await this.store(user, room, outgoing, parent ?? undefined, previewUrls, files, checkedBy);
    } catch (error) {
      if (face !== 'internal' && error instanceof DomainError) {
        this.ephemeral?.send(actor.userId, rid, error instanceof SendRefusal ? error.text : error.reason);
      }
      throw error;
    }
  }

  /** For a room already checked (chat.postMessage resolves and checks its channel itself). */
  async store(
    user: Sender,
    room: IRoom,
    outgoing: OutgoingMessage,
    parent?: IMessage,
    previewUrls?: string[],
    files?: FileFields,
    checkedBy: CheckedBy = 'method',
  ): Promise<IMessage> {
    assertMessageCustomFields(outgoing.customFields, this.settings);
    // An integration's alias and avatar were set by whoever may manage it (Rocket.Chat's processWebhookMessage does not check).
    if (
      (outgoing.alias || outgoing.avatar) &&
      !files?.bot &&
      !(await this.access.hasPermission(user._id, 'message-impersonate', room._id))
    ) {
      throw refusal('impersonate', checkedBy);
    }
    const msg = this.badWords ? this.badWords.clean(outgoing.msg ?? '') : (outgoing.msg ?? '');
    const composed = await this.composer.compose(msg, user._id, room, outgoing.parseUrls !== false);
    // No nested threads: a reply to a reply belongs to the first message's thread.
    const tmid = parent ? (parent.tmid ?? parent._id) : undefined;
    const threadParent = parent?.tmid ? ((await this.messages.findById(parent.tmid)) ?? undefined) : parent;

    const draft: NewMessage = {
      _id: outgoing._id ?? randomId(),
      rid: room._id,
      msg,
      ts: new Date(),
      u: toUserRef(user),
      md: composed.md,
      mentions: composed.mentions,
      channels: composed.channels,
      ...(composed.urls.length && { urls: withPreviewChoice(composed.urls, previewUrls) }),
      ...(tmid && { tmid }),
      ...(tmid && outgoing.tshow && { tshow: true }),
      ...(outgoing.alias && { alias: outgoing.alias }),
      ...(outgoing.emoji && { emoji: outgoing.emoji }),
      ...(outgoing.avatar && { avatar: outgoing.avatar }),
      ...(outgoing.attachments && { attachments: outgoing.attachments }),
      ...(outgoing.blocks && { blocks: outgoing.blocks }),
      ...files,
      ...(outgoing.customFields && { customFields: outgoing.customFields }),
      ...(outgoing.groupable !== undefined && { groupable: outgoing.groupable }),
      ...(outgoing.parseUrls !== undefined && { parseUrls: outgoing.parseUrls }),
    };
    // Apps may refuse the message or change it (its text is parsed again if they did).
    const hooked = this.apps ? await this.apps.beforeSend(draft, room) : draft;
    const final =
      hooked.msg === draft.msg ? hooked : { ...hooked, ...(await this.reparse(hooked.msg, user._id, room, outgoing.parseUrls !== false)) };
    const { message } = await this.writer.insert(final, room, { threadParent });
    return message;
  }

  private async reparse(msg: string, userId: string, room: IRoom, parseUrls: boolean): Promise<Partial<NewMessage>> {
    const composed = await this.composer.compose(msg, userId, room, parseUrls);
    return {
      md: composed.md,
      mentions: composed.mentions,
      channels: composed.channels,
      ...(composed.urls.length && { urls: composed.urls }),
    };
  }

  /** `Message_MaxAllowedSize`, read from the settings cache (a change applies at once on every instance). */
  assertSize(msg: string | undefined): void {
    if (msg && this.exceedsSize(msg)) {
      throw new DomainError(ErrorCode.MessageSizeExceeded, 'Message size exceeds Message_MaxAllowedSize');
    }
  }

  exceedsSize(msg: string): boolean {
    return msg.length > this.settings.get<number>('Message_MaxAllowedSize');
  }
}

/** Which face sent the message (see `SendMessageRequest.face`). */
export type SendFace = 'rest' | 'ddp' | 'internal';

/** The refusals Rocket.Chat's DDP `sendMessage` rethrows; it answers the others with nothing. */
const METHOD_RETHROWS = new Set<string>([ErrorCode.NotAllowed, 'restricted-workspace']);

/** What Rocket.Chat's method reads of a refusal (`error.error || error.message`): a bare text, or the id. */
function thrownBy(error: DomainError): string {
  return error instanceof SendRefusal ? error.thrown : error.code;
}

/**
 * Fields set by the server only, which clients cannot send: a file message's `file` and `files` (uploads), and
 * `bot` (the integration that posted it).
 */
export type FileFields = Pick<IMessage, 'file' | 'files' | 'bot'>;

/** A message as Rocket.Chat's validators take it: `rid` may be missing (refused by the service). */
type WithOptionalRid<T extends { rid: string }> = Omit<T, 'rid'> & { rid?: string };

/** Rocket.Chat's `parseUrlsInMessage`: a link left out of `previewUrls` gets no preview. */
function withPreviewChoice(urls: Array<{ url: string }>, previewUrls?: string[]): Array<{ url: string; ignoreParse?: boolean }> {
  return previewUrls ? urls.map((url) => (previewUrls.includes(url.url) ? url : { ...url, ignoreParse: true })) : urls;
}
