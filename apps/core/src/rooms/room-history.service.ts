import { Injectable, Optional } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type CleanHistoryOptions, type IRoom } from '@rc/contracts';
import { MessagesRepository, RoomsRepository, SubscriptionsRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { AccessService } from '../common/access.service.js';
import { FileRemover } from '../uploads/file-remover.service.js';
import { RoomEraser } from './room-eraser.service.js';

/** What a pruned file's message says instead (Rocket.Chat's `File_removed_by_prune`, in italics). */
export const FILE_REMOVED_BY_PRUNE = '_File removed by prune_';

/**
 * Rocket.Chat's `cleanRoomHistory` (the room's "Prune Messages"): files first (their bodies and uploads), then
 * the discussions and threads the pruned messages started, then the messages themselves; the room's counter and
 * last message follow, and the room's readers learn it from `deleteMessageBulk`.
 */
@Injectable()
export class RoomHistoryService {
  constructor(
    private readonly access: AccessService,
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly eraser: RoomEraser,
    private readonly realtime: RealtimePublisher,
    /** Absent in the unit specs' world, which has no file storage. */
    @Optional() private readonly files?: FileRemover,
  ) {}

  /**
   * Needs access to the room, then `clean-channel-history` in it: `error-not-allowed` otherwise, in Rocket.Chat's
   * order and words (`User does not have access to the room`, then `cleanRoomHistory`'s `Not allowed`).
   */
  async clean(actor: Actor, roomId: string, options: CleanHistoryOptions): Promise<number> {
    const room = await this.rooms.findById(roomId);
    if (!room || !(await this.access.canAccessRoom(actor.userId, room._id))) {
      throw new DomainError(ErrorCode.NotAllowed, 'User does not have access to the room');
    }
    if (!(await this.access.hasPermission(actor.userId, 'clean-channel-history', roomId))) {
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    }
    return this.prune(room, options);
  }

  /**
   * Prunes a room already checked (`rooms.cleanHistory` after its permission; the retention policy's job):
   * answers how many messages went (or, with `filesOnly`, lost their files).
   */
  async prune(room: IRoom, options: CleanHistoryOptions): Promise<number> {
    if (options.oldest.getTime() > options.latest.getTime()) return 0;
    const { limit, filesOnly, ...selection } = options;
    const prune = { ...selection, latest: options.latest, oldest: options.oldest };

    const withFiles = await this.messages.findPrunedWithFiles(room._id, prune, limit);
    const fileIds = withFiles.flatMap((m) => [...(m.files ?? []).map((f) => f._id), ...(m.file ? [m.file._id] : [])]);
    await this.files?.remove([...new Set(fileIds)]);
    if (filesOnly) {
      await this.messages.markFilesPruned(
        withFiles.map((m) => m._id),
        FILE_REMOVED_BY_PRUNE,
      );
      return withFiles.length;
    }

    if (!prune.ignoreDiscussion) {
      for (const drid of await this.messages.findPrunedDiscussionIds(room._id, prune, limit)) {
        const discussion = await this.rooms.findById(drid);
        if (discussion) await this.eraser.erase(discussion);
      }
    }
    if (!prune.ignoreThreads) {
      const threads = await this.messages.findPrunedThreadIds(room._id, prune);
      if (threads.length) {
        const touched = await this.subscriptions.updateMembers(
          room._id,
          { tunread: { $in: threads } },
          { $pullAll: { tunread: threads, tunreadUser: threads, tunreadGroup: threads } },
        );
        if (touched) for (const s of await this.subscriptions.findByRoom(room._id)) this.realtime.subscriptionChanged('updated', s);
      }
    }

    const { count, ids } = await this.messages.deletePruned(room._id, prune, limit);
    if (count) {
      const last = await this.messages.findLastVisible(room._id);
      const updated = await this.rooms.update(room._id, {
        $inc: { msgs: -count },
        ...(last ? { $set: { lastMessage: last, lm: last.ts } } : { $unset: { lastMessage: 1 } }),
      });
      if (updated) this.realtime.roomChanged('updated', updated);
      const ts = { [prune.inclusive ? '$gte' : '$gt']: prune.oldest, [prune.inclusive ? '$lte' : '$lt']: prune.latest };
      this.realtime.notifyRoom(room._id, 'deleteMessageBulk', [
        {
          rid: room._id,
          excludePinned: prune.excludePinned,
          ignoreDiscussion: prune.ignoreDiscussion,
          ts,
          users: prune.fromUsers,
          ...(ids && { ids }),
        },
      ]);
    }
    return count;
  }
}
