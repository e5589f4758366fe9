import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { IMessage, IRoom, ISubscription } from '@rc/contracts';
import { MemberWorkRepository, MessagesRepository, RoomsRepository, SubscriptionsRepository } from '@rc/models';
import { APP_CONFIG } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import type { CoreConfig } from '../../core.env.js';
import { PushNotifier } from '../../push/push-notifier.service.js';
import { allMessageNotificationsDisabled, type MessageFacts } from '../../push/push-rules.js';
import { CorePeers } from './core-peers.js';
import { DesktopNotifier } from './desktop-notifier.js';
import { shownInRoom } from './shown-in-room.js';
import {
  applyChange,
  subscriptionChangesFor,
  type MessageMentions,
  type SubscriptionChange,
  type UnreadCountSetting,
} from './unread-counters.js';

/** A stored message whose members' work is to be done. `parent`: its thread's parent as updated by the reply. */
export interface MemberJob {
  message: IMessage;
  room: IRoom;
  parent: IMessage | null;
}

/** A room's jobs not started yet, the promise of their batch (`next`) and of the batch running (`current`). */
interface RoomQueue {
  waiting: MemberJob[];
  next?: { promise: Promise<void>; resolve: () => void };
  current?: Promise<void>;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Finished records are removed together after this delay: one command for every message finished meanwhile
 * (at 20 msg/s over 10 rooms, ~1 command for 10 messages instead of 3 for 4). Short against the claim, so a
 * crash in it redoes little; a clean stop removes them first.
 */
const CLEAR_DELAY_MS = 500;

/**
 * While this core instance is alone (CorePeers), a room's first job waits this long before its batch starts, so the
 * jobs of the messages sent meanwhile, in any room, share its reads, writes and events: at 100 msg/s over 10 rooms
 * ~3 messages a batch, a third of the subscription reads. Counters and notifications are that much later; the answer
 * and the message's delivery are not (they precede the member work). With other instances the work starts right
 * after the answer: two instances each waiting on its own let the notifications of one room's consecutive messages
 * cross (2026-12-06); one instance keeps every room's jobs in order.
 */
const GATHER_MS = 25;

/** Above this many members, a group covering most of the room is written as "every member but …" (`$nin`). */
const COMPLEMENT_FROM = 64;

/**
 * The per-member work of a sent message, done after the send answered (Rocket.Chat's `afterSaveMessage`: unread
 * and mention counters, notifications): the members' subscription counters (`unread`, `userMentions`,
 * `groupMentions`, `alert`, `open`, `tunread`) in one `updateMany` per kind of change, their
 * `subscriptions-changed` events, desktop notifications and the push/e-mail queue.
 *
 * Never lost: the message is stored with its record (`_memberWork`, claimed by this instance for
 * `MEMBER_WORK_LOCK_MS`: MemberWorkRepository), so the record costs the send no command of its own; it is removed
 * once the work is done, for every message finished within `CLEAR_DELAY_MS` by one command. A message whose claim
 * expired (its instance died between the answer and the work) is claimed atomically by any core instance's sweep —
 * at start and every `MEMBER_WORK_SWEEP_MS` — as the notification queue's items are, and its work done from the
 * stored message and room. A crash in the middle of the work, or before its record is removed, does it again (at
 * least once). Records an older server kept in `rocketnest_member_work` are moved onto their messages once, at start.
 *
 * Per room, jobs run in order; the jobs waiting while one runs are done together as one batch (one read of the
 * room's subscriptions, their increments summed per member, one event per changed subscription).
 */
@Injectable()
export class MemberWork implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MemberWork.name);
  /** Per room: the jobs not started yet, and the promise of the batch running. */
  private readonly rooms = new Map<string, RoomQueue>();
  private finished: string[] = [];
  private removing?: Promise<void>;
  private clearTimer?: NodeJS.Timeout;
  private timer?: NodeJS.Timeout;
  /** Set while rooms wait to start (their queue ran no batch yet): cancels their start, due after this turn or GATHER_MS. */
  private cancelStart?: () => void;
  private sweeping = false;
  private stopped = false;

  constructor(
    private readonly items: MemberWorkRepository,
    private readonly messages: MessagesRepository,
    private readonly roomsRepo: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly settings: SettingsCache,
    private readonly realtime: RealtimePublisher,
    private readonly notifier: DesktopNotifier,
    private readonly push: PushNotifier,
    @Inject(CorePeers) private readonly peers: Pick<CorePeers, 'alone'>,
    @Inject(APP_CONFIG) private readonly config: Pick<CoreConfig, 'MEMBER_WORK_LOCK_MS' | 'MEMBER_WORK_SWEEP_MS'>,
  ) {
    subscriptions.waitForMemberWorkWith((rid) => this.settled(rid));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.MEMBER_WORK_SWEEP_MS);
    this.timer.unref();
    void this.migrateLegacy().then(() => this.sweep());
  }

  /** Once at start: what an older server left in `rocketnest_member_work` moves onto its messages (MemberWorkRepository). */
  private async migrateLegacy(): Promise<void> {
    try {
      const moved = await this.items.migrateLegacy();
      if (moved > 0) this.logger.warn(`moved the member work of ${moved} message(s) left by an older server onto the messages`);
    } catch (error) {
      this.logger.warn(`member work left by an older server not moved (tried again at the next start): ${(error as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.startWaiting();
    await this.removeFinished();
  }

  /** Whether a message has member work (system messages have none). */
  static needed(message: Pick<IMessage, 't'>): boolean {
    return message.t === undefined;
  }

  /** The durable record's value, written with the message (`MessagesRepository.insert`) before the send answers. */
  due(): Date {
    return MemberWorkRepository.due(new Date(), this.config.MEMBER_WORK_LOCK_MS);
  }

  /** Runs the job right after the current answer went out (GATHER_MS later while alone), behind the room's earlier jobs. */
  start(job: MemberJob): void {
    const rid = job.message.rid;
    let entry = this.rooms.get(rid);
    if (!entry) {
      entry = { waiting: [] };
      this.rooms.set(rid, entry);
      this.cancelStart ??= this.scheduleStart();
    }
    entry.waiting.push(job);
    entry.next ??= deferred();
  }

  /**
   * The rooms not started yet (no batch run so far: `drainRoom` sets `current` at once), each drained in its own order,
   * their first reads issued together (one command: InFlightGroups).
   */
  private startWaiting(): void {
    this.cancelStart?.();
    this.cancelStart = undefined;
    for (const [rid, entry] of this.rooms) if (!entry.current) void this.drainRoom(rid, entry);
  }

  /** The waiting rooms' start: after GATHER_MS while this instance is alone, else right after this turn. */
  private scheduleStart(): () => void {
    if (this.peers.alone()) {
      const timer = setTimeout(() => this.startWaiting(), GATHER_MS);
      return () => clearTimeout(timer);
    }
    const immediate = setImmediate(() => this.startWaiting());
    return () => clearImmediate(immediate);
  }

  /**
   * Resolves once the member work of the room queued so far on this instance is done (of every room without
   * `rid`); undefined when there is none. Work queued later is not waited for, so a busy room never holds a reader.
   */
  settled(rid?: string): Promise<void> | undefined {
    if (rid !== undefined) {
      const entry = this.rooms.get(rid);
      return entry && (entry.next?.promise ?? entry.current);
    }
    const pending = [...this.rooms.keys()].map((key) => this.settled(key)).filter((p) => p !== undefined);
    return pending.length ? Promise.all(pending).then(() => undefined) : undefined;
  }

  private async drainRoom(rid: string, entry: RoomQueue): Promise<void> {
    while (entry.waiting.length > 0) {
      const batch = entry.waiting.splice(0);
      const batchDone = entry.next ?? deferred();
      entry.next = undefined;
      entry.current = batchDone.promise;
      try {
        await this.apply(batch);
        this.done(batch.map((job) => job.message._id));
      } catch (error) {
        // Left in the collection: the sweep takes them over when their claim expires.
        this.logger.error(`member work of ${batch.length} message(s) in ${rid} failed: ${(error as Error).message}`);
      } finally {
        batchDone.resolve();
      }
    }
    this.rooms.delete(rid);
  }

  /** Finished records are removed together: one command for all those done within CLEAR_DELAY_MS. */
  private done(ids: string[]): void {
    this.finished.push(...ids);
    if (this.stopped) {
      void this.removeFinished();
    } else if (!this.clearTimer) {
      this.clearTimer = setTimeout(() => void this.removeFinished(), CLEAR_DELAY_MS);
      this.clearTimer.unref();
    }
  }

  private async removeFinished(): Promise<void> {
    clearTimeout(this.clearTimer);
    this.clearTimer = undefined;
    while (this.removing) await this.removing;
    if (this.finished.length === 0) return;
    const removing = this.items
      .removeMany(this.finished.splice(0))
      .catch((error: Error) => this.logger.warn(`member work records not removed (done again after their claim): ${error.message}`))
      .finally(() => {
        if (this.removing === removing) this.removing = undefined;
      });
    this.removing = removing;
    await removing;
  }

  /** Resolves when the finished records are removed (tests and shutdown). */
  async flushed(): Promise<void> {
    this.startWaiting();
    while (this.rooms.size > 0) await this.settled();
    await this.removeFinished();
  }

  /** Takes over the items whose claim expired (their instance died) and does their work. */
  async sweep(): Promise<number> {
    if (this.sweeping || this.stopped) return 0;
    this.sweeping = true;
    let resumed = 0;
    try {
      for (;;) {
        const item = await this.items.claimNext(new Date(), this.config.MEMBER_WORK_LOCK_MS);
        if (!item) break;
        const message = await this.messages.findById(item._id);
        const room = message && (await this.roomsRepo.findById(message.rid));
        if (message && room) {
          const parent = message.tmid ? await this.messages.findById(message.tmid) : null;
          this.logger.warn(`resuming the member work of message ${message._id} in ${room._id}`);
          await this.apply([{ message, room, parent }]);
          resumed++;
        }
        await this.items.removeMany([item._id]);
      }
    } catch (error) {
      this.logger.warn(`member work sweep failed: ${(error as Error).message}`);
    } finally {
      this.sweeping = false;
    }
    return resumed;
  }

  /** The work of consecutive messages of one room, batched. */
  private async apply(batch: MemberJob[]): Promise<void> {
    const { room } = batch[batch.length - 1];
    const unreadSetting = this.settings.get<UnreadCountSetting>(room.t === 'd' ? 'Unread_Count_DM' : 'Unread_Count');
    // A batch of plain messages changes only the members not alerted yet and notifies at most those with a device:
    // only they are read (in a large room where everyone is alerted, a handful instead of every member).
    const maxRoomMembers = this.settings.get<number>('Notifications_Max_Room_Members');
    const audience = isPlainBatch(batch, room, unreadSetting, maxRoomMembers) ? await this.push.plainMessageAudience() : undefined;
    const snapshot = audience
      ? await this.subscriptions.findUnalertedOr(room._id, audience)
      : await this.subscriptions.findByRoom(room._id);
    const everyMember = audience === undefined;
    const state = new Map(snapshot.map((s) => [s.u._id, s]));
    const totals = new Map<string, SubscriptionChange>();
    const now = new Date();

    for (const { message } of batch) {
      if (!MemberWork.needed(message) || !shownInRoom(message)) continue;
      for (const change of subscriptionChangesFor([...state.values()], message.u._id, room.t, mentionsOf(message), unreadSetting)) {
        for (const userId of change.userIds) {
          state.set(userId, applyChange(state.get(userId)!, change, now));
          const total = totals.get(userId) ?? { userIds: [userId], inc: {}, set: {} };
          for (const [field, by] of Object.entries(change.inc) as Array<[keyof SubscriptionChange['inc'], number]>) {
            total.inc[field] = (total.inc[field] ?? 0) + by;
          }
          Object.assign(total.set, change.set);
          totals.set(userId, total);
        }
      }
    }
    const writes = this.grouped(totals, snapshot, everyMember).map(({ filter, change }) => ({ filter, update: updateOf(change) }));
    const changed = new Set(totals.keys());

    // A thread's followers (but the replier) get the thread in `tunread`, and an alert: in the same command.
    for (const job of batch) {
      if (!MemberWork.needed(job.message) || !job.message.tmid || !job.parent) continue;
      const tmid = job.message.tmid;
      const followers = (job.parent.replies ?? []).filter((id) => id !== job.message.u._id);
      if (followers.length === 0) continue;
      writes.push({ filter: { 'u._id': { $in: followers } }, update: { $addToSet: { tunread: tmid }, $set: { alert: true } } });
      for (const userId of followers) {
        const subscription = state.get(userId);
        if (!subscription) continue;
        const tunread = subscription.tunread?.includes(tmid) ? subscription.tunread : [...(subscription.tunread ?? []), tmid];
        state.set(userId, { ...subscription, tunread, alert: true, _updatedAt: now });
        changed.add(userId);
      }
    }
    // Every kind of change of the batch in one command (one round trip, one commit on the local database).
    await this.subscriptions.updateMembersTogether(room._id, writes);
    for (const userId of changed) {
      const subscription = state.get(userId);
      if (subscription) this.realtime.subscriptionChanged('updated', subscription);
    }
    // The rules count the room's members (Notifications_Max_Room_Members): the room's count when not all were read.
    const membersCount = everyMember ? snapshot.length : Math.max(room.usersCount ?? 0, snapshot.length);
    // One message after the other: a member's notifications arrive in the order of the messages.
    for (const job of batch) if (MemberWork.needed(job.message)) await this.notify(job, snapshot, membersCount);
  }

  /**
   * Members with the same total change share one write; a group of most of a large room is "all but the others" (only
   * when every member was read: the others are then known).
   */
  private grouped(totals: Map<string, SubscriptionChange>, snapshot: ISubscription[], everyMember: boolean) {
    const groups = new Map<string, SubscriptionChange>();
    for (const total of totals.values()) {
      const key = JSON.stringify([total.inc, total.set]);
      const group = groups.get(key);
      if (group) group.userIds.push(...total.userIds);
      else groups.set(key, { ...total, userIds: [...total.userIds] });
    }
    return [...groups.values()].map((change) => {
      if (!everyMember || change.userIds.length < COMPLEMENT_FROM || change.userIds.length * 2 < snapshot.length) {
        return { filter: { 'u._id': { $in: change.userIds } }, change };
      }
      const inGroup = new Set(change.userIds);
      const others = snapshot.filter((s) => !inGroup.has(s.u._id)).map((s) => s.u._id);
      return { filter: { 'u._id': { $nin: others } }, change };
    });
  }

  private async notify({ message, room, parent }: MemberJob, subscriptions: ISubscription[], roomMembersCount: number): Promise<void> {
    const mentions = mentionsOf(message);
    const facts: MessageFacts = {
      senderId: message.u._id,
      msg: message.msg ?? '',
      roomType: room.t,
      mentionIds: mentions.userIds,
      toAll: mentions.toAll,
      toHere: mentions.toHere,
      isThread: !shownInRoom(message),
      threadFollowers: parent ? [...(parent.replies ?? []), parent.u._id] : [],
      roomMembersCount,
    };
    // Desktop notifications, mobile pushes and offline e-mails: Rocket.Chat's rules (desktop-rules.ts, push/push-rules.ts).
    this.push.onMessage(message, room, subscriptions, facts);
    await this.notifier.onMessage(message, room, subscriptions, facts);
  }
}

/**
 * Whether every message of the batch is plain: not in a direct message, mentioning nobody, not in a thread, in a room
 * over `Notifications_Max_Room_Members`, and unread counted for mentions only (`Unread_Count` other than
 * `all_messages`). Such a message increments no counter: it sets `alert` and `open` on the members who lack them,
 * notifies the desktops only of members whose room choice is `all` or who have highlight words, and pushes only by
 * the members' push preferences (PushNotifier.plainMessageAudience). (In a smaller room every connected member may
 * get a desktop notification: every member is read.)
 */
function isPlainBatch(batch: MemberJob[], room: IRoom, unreadSetting: UnreadCountSetting, maxRoomMembers: number): boolean {
  if (room.t === 'd' || unreadSetting === 'all_messages') return false;
  if (!allMessageNotificationsDisabled(maxRoomMembers, room.usersCount ?? 0)) return false;
  return batch.every(({ message }) => !MemberWork.needed(message) || (!message.tmid && (message.mentions ?? []).length === 0));
}

function updateOf(change: SubscriptionChange): Record<string, unknown> {
  return {
    ...(Object.keys(change.inc).length && { $inc: change.inc }),
    ...(Object.keys(change.set).length && { $set: change.set }),
  };
}

export function mentionsOf(message: IMessage): MessageMentions {
  const mentions = message.mentions ?? [];
  return {
    userIds: mentions.filter((m) => m._id !== 'all' && m._id !== 'here' && m.type !== 'team').map((m) => m._id),
    toAll: mentions.some((m) => m._id === 'all'),
    toHere: mentions.some((m) => m._id === 'here'),
  };
}
