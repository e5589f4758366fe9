import { EphemeralMessages } from '../common/ephemeral-messages.js';
import type { IMessage, IRoom, ISubscription, IUser, RoomRole, SettingValue } from '@rc/contracts';
import { InboundEvents } from '@rc/platform';
import type {
  EmojiCustomRepository,
  MemberWorkRepository,
  MessagesRepository,
  RoomsRepository,
  RoomUser,
  SubscriptionsRepository,
  TeamMembersRepository,
  TeamsRepository,
  TrashRepository,
  UsersRepository,
} from '@rc/models';
import type { AccessService } from '../common/access.service.js';
import type { RoomCache } from '../common/room-cache.service.js';
import { RoomResolver } from '../common/room-resolver.service.js';
import { SenderCache } from '../common/sender-cache.service.js';
import { EditMessageService } from '../messaging/edit-message.service.js';
import { EmojiCatalog } from '../messaging/emoji-catalog.service.js';
import { MessageActionsService } from '../messaging/message-actions.service.js';
import { MessageComposer } from '../messaging/message-composer.service.js';
import { MessageGuard } from '../messaging/message-guard.service.js';
import { SendMessageService } from '../messaging/send-message.service.js';
import { DesktopNotifier } from '../messaging/writer/desktop-notifier.js';
import { DesktopReceiverCache } from '../messaging/writer/desktop-receiver-cache.js';
import { MarkdownParser } from '../messaging/writer/markdown-parser.service.js';
import { MemberWork } from '../messaging/writer/member-work.service.js';
import { MessageWriter } from '../messaging/writer/message-writer.service.js';
import { SystemMessages } from '../messaging/writer/system-messages.service.js';
import type { PushNotifier } from '../push/push-notifier.service.js';
import { DirectRoomsService } from '../rooms/direct-rooms.service.js';
import { newSubscription } from '../rooms/new-subscription.js';
import { RoomCreationService } from '../rooms/room-creation.service.js';
import { RoomEraser } from '../rooms/room-eraser.service.js';
import { RoomMembershipService } from '../rooms/room-membership.service.js';
import {
  FakeMemberWorkItems,
  FakeMessages,
  FakeRooms,
  FakeSubscriptions,
  FakeTeamMembers,
  FakeTeams,
  FakeTrash,
  FakeUsers,
} from './fake-repositories.js';
import { FakeAccess, fakeSettings, recordingRealtime } from './fake-services.js';

/** A fake passed where its real class is expected (it implements the signatures the services call). */
export const asReal = <T>(fake: unknown): T => fake as T;

export interface WorldSeed {
  users?: Array<Partial<RoomUser> & Pick<IUser, '_id' | 'username'>>;
  rooms?: Array<Partial<IRoom> & Pick<IRoom, '_id' | 't'>>;
  messages?: IMessage[];
  settings?: Record<string, SettingValue>;
}

/**
 * The core services over in-memory repositories, a FakeAccess, the package settings and a recording
 * realtime publisher: what a spec needs to drive a Rocket.Chat rule end to end in milliseconds.
 */
/** The standard emoji only: no custom emoji in unit worlds. */
const noCustomEmoji = new EmojiCatalog({ findByNameOrAlias: () => Promise.resolve(null) } as unknown as EmojiCustomRepository);

export function coreWorld(seed: WorldSeed = {}) {
  const repos = {
    rooms: new FakeRooms(seed.rooms),
    subscriptions: new FakeSubscriptions(),
    users: new FakeUsers(seed.users),
    messages: new FakeMessages(seed.messages),
    trash: new FakeTrash(),
    teams: new FakeTeams(),
    teamMembers: new FakeTeamMembers(),
  };
  const rooms = asReal<RoomsRepository>(repos.rooms);
  const subscriptions = asReal<SubscriptionsRepository>(repos.subscriptions);
  const users = asReal<UsersRepository>(repos.users);
  const messages = asReal<MessagesRepository>(repos.messages);
  const trash = asReal<TrashRepository>(repos.trash);
  const teams = asReal<TeamsRepository>(repos.teams);
  const teamMembers = asReal<TeamMembersRepository>(repos.teamMembers);

  const fakeAccess = new FakeAccess();
  const access = asReal<AccessService>(fakeAccess);
  const settings = fakeSettings(seed.settings);
  const { realtime, events, named } = recordingRealtime();
  const markdown = new MarkdownParser();

  /** The messages handed to the push queue (its rules are specified in push/push-rules.spec.ts). */
  const pushed: Array<{ messageId: string; facts: unknown; members: string[] }> = [];
  /** Who may get a push for a plain message (PushNotifier.plainMessageAudience): nobody unless a spec says. */
  const pushAudience: { users: ReadonlySet<string> | undefined } = { users: new Set() };
  const push = asReal<PushNotifier>({
    onMessage: (message: IMessage, _room: IRoom, subs: ISubscription[], facts: unknown) =>
      pushed.push({ messageId: message._id, facts, members: subs.map((s) => s.u._id) }),
    plainMessageAudience: () => Promise.resolve(pushAudience.users),
  });
  // No NATS connection in the unit world: a user's change is announced through `forget` only.
  const desktopReceivers = new DesktopReceiverCache(users, new InboundEvents());
  const memberWorkItems = new FakeMemberWorkItems();
  const peers = { lone: false, alone: () => peers.lone };
  repos.messages.pendingWork = memberWorkItems;
  const memberWork = new MemberWork(
    asReal<MemberWorkRepository>(memberWorkItems),
    messages,
    rooms,
    subscriptions,
    settings,
    realtime,
    new DesktopNotifier(realtime, desktopReceivers, settings),
    push,
    // As among several core instances: the work starts right after the answer (a spec may gather, `peers.lone`).
    peers,
    { MEMBER_WORK_LOCK_MS: 30_000, MEMBER_WORK_SWEEP_MS: 10_000 },
  );
  const writer = new MessageWriter(messages, rooms, settings, realtime, memberWork);
  const systemMessages = new SystemMessages(writer);
  const guard = new MessageGuard(access, subscriptions);
  const composer = new MessageComposer(users, rooms, access, markdown);
  // No NATS connection in the unit world: the cache is dropped through `forget` only.
  const senders = new SenderCache(users, new InboundEvents());
  // No room held in the unit world: its specs write rooms behind the repository (InMemoryCollection), which announces nothing.
  const roomsRead = asReal<RoomCache>({ get: (rid: string) => rooms.findById(rid) });
  const sender = new SendMessageService(
    senders,
    roomsRead,
    messages,
    settings,
    access,
    guard,
    composer,
    writer,
    undefined,
    undefined,
    new EphemeralMessages(realtime),
  );
  const resolver = new RoomResolver(rooms, access, users);
  const eraser = new RoomEraser(rooms, subscriptions, messages, trash, realtime);
  const roomCreation = new RoomCreationService(access, rooms, subscriptions, users, teams, settings, systemMessages, realtime);
  const directRooms = new DirectRoomsService(access, rooms, subscriptions, users, settings, realtime);
  const membership = new RoomMembershipService(access, resolver, rooms, subscriptions, users, teamMembers, trash, systemMessages, realtime);

  /** Makes a user a member of a room (as the room services would), with room roles and extra fields. */
  const subscribe = (rid: string, userId: string, extra: Partial<ISubscription> & { roles?: RoomRole[] } = {}): ISubscription => {
    const room = repos.rooms.data.get(rid)!;
    const user = repos.users.data.get(userId)!;
    const base = newSubscription(room, { _id: user._id, username: user.username! }, { at: new Date(0), roles: extra.roles });
    return repos.subscriptions.data.insert({ ...base, ...extra, _updatedAt: new Date(0) });
  };

  return {
    repos,
    rooms,
    subscriptions,
    users,
    messages,
    trash,
    teams,
    teamMembers,
    fakeAccess,
    access,
    settings,
    realtime,
    events,
    named,
    markdown,
    writer,
    memberWork,
    memberWorkItems,
    /** Whether this core instance is alone (CorePeers): set `lone` to let the member work gather. */
    peers,
    senders,
    desktopReceivers,
    /** Resolves once the member work of the messages written so far is done (it runs after the answer). */
    memberWorkDone: () => memberWork.flushed(),
    pushed,
    pushAudience,
    systemMessages,
    guard,
    composer,
    sender,
    resolver,
    membership,
    directRooms,
    eraser,
    roomCreation,
    subscribe,
    editor: () => new EditMessageService(messages, rooms, users, trash, settings, access, guard, composer, sender, realtime),
    actions: () =>
      new MessageActionsService(messages, rooms, subscriptions, users, settings, access, guard, systemMessages, realtime, noCustomEmoji),
    /** The system messages stored in a room, oldest first, as `[t, msg]`. */
    systemMessagesIn: (rid: string) =>
      repos.messages.data
        .find({ rid, t: { $exists: true } })
        .sort((a, b) => a.ts.getTime() - b.ts.getTime())
        .map((m) => [m.t, m.msg]),
  };
}

export type CoreWorld = ReturnType<typeof coreWorld>;

/** A plain message as stored, for seeding. */
export function storedMessage(fields: Partial<IMessage> & Pick<IMessage, '_id' | 'rid'>): IMessage {
  return { msg: 'hello', ts: new Date(), _updatedAt: new Date(), u: { _id: 'alice', username: 'alice' }, ...fields };
}
