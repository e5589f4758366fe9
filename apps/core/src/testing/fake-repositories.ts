import type { IMessage, IRoom, ISubscription, ITeam, ITeamMember, IUser, RoomRole } from '@rc/contracts';
import type {
  MemberWorkItem,
  MemberWorkRepository,
  MessagesRepository,
  RoomsRepository,
  RoomUser,
  SubscriptionsRepository,
  TeamMembersRepository,
  TeamsRepository,
  TrashedCollection,
  TrashRepository,
  UsersRepository,
} from '@rc/models';
import { unalertedOrFilter } from '@rc/models';
import { InMemoryCollection } from './in-memory-collection.js';

/**
 * In-memory stand-ins for the repositories the core services write through, keeping each method's
 * behaviour (atomic conditions, duplicate ids, counters). Each implements the real class's signatures it
 * covers, so a spec passes it where the class is expected with one cast.
 */

type RoomsMethods =
  | 'insert'
  | 'findById'
  | 'findByIds'
  | 'findByName'
  | 'findByIdOrName'
  | 'findJoinCode'
  | 'findMentionable'
  | 'findDirectByUids'
  | 'findDefault'
  | 'update'
  | 'incUsersCount'
  | 'recordMessage'
  | 'refreshLastMessage'
  | 'removeMessage'
  | 'setTeam'
  | 'unsetTeamOfAll'
  | 'findTeamRoomIds'
  | 'countTeamRooms'
  | 'deleteById';

export class FakeRooms implements Pick<RoomsRepository, RoomsMethods> {
  readonly data: InMemoryCollection<IRoom>;

  constructor(rooms: Array<Partial<IRoom> & Pick<IRoom, '_id' | 't'>> = []) {
    this.data = new InMemoryCollection(
      rooms.map((room) => ({ ts: new Date(0), _updatedAt: new Date(0), msgs: 0, usersCount: 0, ...room })),
    );
  }

  insert(room: Omit<IRoom, '_updatedAt'>) {
    return Promise.resolve(this.data.insert(room as IRoom));
  }
  findById(id: string) {
    return Promise.resolve(this.visible(this.data.get(id)));
  }
  findByIds(ids: string[]) {
    return Promise.resolve(this.data.find({ _id: { $in: ids } }).map((room) => this.visible(room)!));
  }
  findByName(name: string) {
    return Promise.resolve(this.visible(this.data.findOne({ name })));
  }
  async findByIdOrName(idOrName: string) {
    return (await this.findById(idOrName)) ?? this.findByName(idOrName);
  }
  findJoinCode(id: string) {
    const room = this.data.get(id);
    return Promise.resolve(room && { _id: room._id, ...(room.joinCode !== undefined && { joinCode: room.joinCode }) });
  }
  findMentionable(names: string[]) {
    return Promise.resolve(this.data.find({ name: { $in: names }, t: { $in: ['c', 'p'] } }));
  }
  findDirectByUids(uids: string[]) {
    const direct = this.data.find({ t: 'd', uids: { $all: uids } }).find((room) => room.uids?.length === uids.length);
    return Promise.resolve(this.visible(direct ?? null));
  }
  findDefault() {
    return Promise.resolve(this.data.find({ default: true, t: { $in: ['c', 'p'] } }));
  }
  update(id: string, update: Record<string, unknown>) {
    return Promise.resolve(this.visible(this.data.updateOne({ _id: id }, update)));
  }
  incUsersCount(id: string, by: number) {
    this.data.updateOne({ _id: id }, { $inc: { usersCount: by } });
    return Promise.resolve();
  }
  recordMessage(message: IMessage, setAsLast: boolean) {
    return this.update(message.rid, { $inc: { msgs: 1 }, ...(setAsLast && { $set: { lm: message.ts, lastMessage: message } }) });
  }
  refreshLastMessage(message: IMessage) {
    return Promise.resolve(
      this.data.updateOne({ _id: message.rid, 'lastMessage._id': message._id }, { $set: { lastMessage: message } }) !== null,
    );
  }
  removeMessage(rid: string, replacement: IMessage | null | undefined, countTakenBack = false) {
    const update: Record<string, unknown> = { $inc: { msgs: -1 } };
    if (replacement === null) update.$unset = { lastMessage: 1 };
    else if (replacement) update.$set = countTakenBack ? { lastMessage: replacement, lm: replacement.ts } : { lastMessage: replacement };
    return this.update(rid, update);
  }
  setTeam(ids: string[], teamId: string) {
    this.data.updateMany({ _id: { $in: ids } }, { $set: { teamId } });
    return Promise.resolve();
  }
  unsetTeamOfAll(teamId: string) {
    const ids = this.data.find({ teamId, teamMain: { $ne: true } }).map((room) => room._id);
    this.data.updateMany({ _id: { $in: ids } }, { $unset: { teamId: 1, teamDefault: 1 } });
    return Promise.resolve(ids);
  }
  findTeamRoomIds(teamId: string, among: string[]) {
    return Promise.resolve(this.data.find({ teamId, teamMain: { $ne: true }, _id: { $in: among } }).map((room) => room._id));
  }
  countTeamRooms(teamId: string) {
    return Promise.resolve(this.data.find({ teamId, teamMain: { $ne: true } }).length);
  }
  deleteById(id: string) {
    this.data.deleteMany({ _id: id });
    return Promise.resolve();
  }

  /** As the real repository: the join code never leaves it. */
  private visible(room: IRoom | null): IRoom | null {
    if (!room) return null;
    const rest = { ...room };
    delete rest.joinCode;
    return rest;
  }
}

type SubscriptionsMethods =
  | 'insertMany'
  | 'ensure'
  | 'findByRoomAndUser'
  | 'findMembership'
  | 'findByRoom'
  | 'findByRoomAndUsers'
  | 'findUnalertedOr'
  | 'memberIdsOf'
  | 'findByRoomAndRole'
  | 'countByRoomAndRole'
  | 'findByUser'
  | 'roomIdsOfUser'
  | 'update'
  | 'updateMembers'
  | 'updateMembersTogether'
  | 'waitForMemberWorkWith'
  | 'findByRooms'
  | 'findByIds'
  | 'deleteOne'
  | 'deleteByRoom'
  | 'deleteByUser';

export class FakeSubscriptions implements Pick<SubscriptionsRepository, SubscriptionsMethods> {
  readonly data: InMemoryCollection<ISubscription>;

  constructor(subscriptions: ISubscription[] = []) {
    this.data = new InMemoryCollection(subscriptions);
  }

  insertMany(subscriptions: Array<Omit<ISubscription, '_updatedAt'>>) {
    return Promise.resolve(subscriptions.map((s) => this.data.insert(s as ISubscription)));
  }
  async ensure(subscription: Omit<ISubscription, '_updatedAt'>, set: Partial<ISubscription> = {}) {
    const existing = this.data.findOne({ rid: subscription.rid, 'u._id': subscription.u._id });
    if (!existing) return { subscription: this.data.insert({ ...subscription, ...set } as ISubscription), created: true };
    const updated = Object.keys(set).length ? await this.update(subscription.rid, subscription.u._id, { $set: set }) : existing;
    return { subscription: updated!, created: false };
  }
  findByRoomAndUser(rid: string, userId: string) {
    return Promise.resolve(this.data.findOne({ rid, 'u._id': userId }));
  }
  findMembership(rid: string, userId: string) {
    return this.findByRoomAndUser(rid, userId);
  }
  findByRoom(rid: string) {
    return Promise.resolve(this.data.find({ rid }));
  }
  findByRoomAndUsers(rid: string, userIds: string[]) {
    return Promise.resolve(this.data.find({ rid, 'u._id': { $in: userIds } }));
  }
  /** Counted: the member work's narrowed reads (a spec checks which read a batch made). */
  findUnalertedOr(rid: string, userIds: Iterable<string>) {
    this.narrowedReads++;
    return Promise.resolve(this.data.find(unalertedOrFilter(rid, userIds)));
  }
  narrowedReads = 0;
  memberIdsOf(rid: string) {
    return Promise.resolve(this.data.find({ rid }).map((s) => s.u._id));
  }
  findByRoomAndRole(rid: string, role: RoomRole) {
    return Promise.resolve(this.data.find({ rid, roles: role }));
  }
  countByRoomAndRole(rid: string, role: RoomRole) {
    return Promise.resolve(this.data.find({ rid, roles: role }).length);
  }
  findByUser(userId: string, types?: ISubscription['t'][]) {
    return Promise.resolve(this.data.find({ 'u._id': userId, ...(types && { t: { $in: types } }) }));
  }
  async roomIdsOfUser(userId: string, types?: ISubscription['t'][]) {
    return (await this.findByUser(userId, types)).map((s) => s.rid);
  }
  update(rid: string, userId: string, update: Record<string, unknown>) {
    return Promise.resolve(this.data.updateOne({ rid, 'u._id': userId }, update));
  }
  updateMembers(rid: string, filter: Record<string, unknown>, update: Record<string, unknown>) {
    return Promise.resolve(this.data.updateMany({ rid, ...filter }, update));
  }
  /** Counted, as the database would count one command. */
  updateMembersTogether(rid: string, writes: Array<{ filter: Record<string, unknown>; update: Record<string, unknown> }>) {
    // As the repository: nothing to write is no command.
    if (writes.length === 0) return Promise.resolve();
    this.bulkWrites++;
    for (const { filter, update } of writes) this.data.updateMany({ rid, ...filter }, update);
    return Promise.resolve();
  }
  bulkWrites = 0;
  findByRooms(rids: string[]) {
    return Promise.resolve(this.data.find({ rid: { $in: rids } }));
  }
  /** The unit world runs the member work only when a spec awaits it (`memberWorkDone`). */
  waitForMemberWorkWith(): void {}
  findByIds(ids: string[]) {
    return Promise.resolve(this.data.find({ _id: { $in: ids } }));
  }
  deleteOne(rid: string, userId: string) {
    this.data.deleteMany({ rid, 'u._id': userId });
    return Promise.resolve();
  }
  deleteByRoom(rid: string) {
    this.data.deleteMany({ rid });
    return Promise.resolve();
  }
  deleteByUser(userId: string) {
    this.data.deleteMany({ 'u._id': userId });
    return Promise.resolve();
  }
}

type UsersMethods =
  | 'findRoomUserById'
  | 'findRoomUsersByIds'
  | 'findRoomUsersByUsernames'
  | 'findRoomUserByUsername'
  | 'findRoomUserByIdOrUsername'
  | 'findPreferencesByIds'
  | 'findDesktopReceiversByIds';

export class FakeUsers implements Pick<UsersRepository, UsersMethods> {
  readonly data: InMemoryCollection<RoomUser>;

  constructor(users: Array<Partial<RoomUser> & Pick<IUser, '_id' | 'username'>> = []) {
    this.data = new InMemoryCollection(users.map((user) => ({ active: true, type: 'user', roles: ['user'], ...user })));
  }

  findRoomUserById(id: string) {
    return Promise.resolve(this.data.get(id));
  }
  findRoomUsersByIds(ids: string[]) {
    return Promise.resolve(this.data.find({ _id: { $in: ids } }));
  }
  findRoomUsersByUsernames(usernames: string[]) {
    return Promise.resolve(this.data.find({ username: { $in: usernames } }));
  }
  findRoomUserByUsername(username: string) {
    return Promise.resolve(this.data.findOne({ username }));
  }
  findRoomUserByIdOrUsername(target: { userId?: string; username?: string }) {
    if (target.userId) return this.findRoomUserById(target.userId);
    return target.username ? this.findRoomUserByUsername(target.username) : Promise.resolve(null);
  }
  /** The users with what the desktop rules read of them (status, connection, preferences). */
  findDesktopReceiversByIds(ids: readonly string[]) {
    return Promise.resolve(
      this.data.find({ _id: { $in: [...ids] } }) as Array<RoomUser & Partial<Pick<IUser, 'settings' | 'status' | 'statusConnection'>>>,
    );
  }
  /** Users given with `settings.preferences` keep them here (RoomUser does not name them). */
  findPreferencesByIds(ids: string[]) {
    const users = this.data.find({ _id: { $in: ids } }) as Array<RoomUser & Partial<Pick<IUser, 'settings'>>>;
    return Promise.resolve(new Map(users.map((user) => [user._id, user.settings?.preferences ?? {}])));
  }
}

type MessagesMethods =
  | 'insert'
  | 'findById'
  | 'update'
  | 'recordThreadReply'
  | 'forgetThreadReply'
  | 'findLastVisible'
  | 'findBatchOfRoom'
  | 'deleteById'
  | 'deleteByIds';

export class FakeMessages implements Pick<MessagesRepository, MessagesMethods> {
  readonly data: InMemoryCollection<IMessage>;

  constructor(messages: IMessage[] = []) {
    this.data = new InMemoryCollection(messages);
  }

  /** Where a message's member work record goes (the real one is a field of the message: MemberWorkRepository). */
  pendingWork?: FakeMemberWorkItems;

  insert(message: Omit<IMessage, '_updatedAt'>, options: { memberWorkDue?: Date } = {}) {
    const stored = this.data.insert(message as IMessage);
    if (options.memberWorkDue) this.pendingWork?.items.set(message._id, { _id: message._id, rid: message.rid, due: options.memberWorkDue });
    return Promise.resolve(stored);
  }
  findById(id: string) {
    return Promise.resolve(this.data.get(id));
  }
  update(id: string, update: Record<string, unknown>, condition: Record<string, unknown> = {}) {
    return Promise.resolve(this.data.updateOne({ _id: id, ...condition }, update));
  }
  recordThreadReply(tmid: string, replierIds: string[], at: Date) {
    return this.update(tmid, { $inc: { tcount: 1 }, $set: { tlm: at }, $addToSet: { replies: { $each: replierIds } } });
  }
  forgetThreadReply(tmid: string) {
    return this.update(tmid, { $inc: { tcount: -1 } }, { tcount: { $gt: 0 } });
  }
  findLastVisible(rid: string) {
    const visible = this.data.find({ rid, t: { $exists: false } }).filter((m) => !m.tmid || m.tshow);
    return Promise.resolve(visible.sort((a, b) => b.ts.getTime() - a.ts.getTime())[0] ?? null);
  }
  findBatchOfRoom(rid: string, limit: number) {
    return Promise.resolve(this.data.find({ rid }).slice(0, limit));
  }
  deleteById(id: string) {
    this.data.deleteMany({ _id: id });
    return Promise.resolve();
  }
  deleteByIds(ids: string[]) {
    this.data.deleteMany({ _id: { $in: ids } });
    return Promise.resolve();
  }
}

export class FakeTrash implements Pick<TrashRepository, 'put' | 'findRoomMessagesDeletedSince'> {
  readonly trashed: Array<{ collection: TrashedCollection; _id: string }> = [];
  private readonly removals: Array<{ collection: TrashedCollection; _id: string; rid?: string; _deletedAt: Date }> = [];

  put(collection: TrashedCollection, documents: Array<{ _id: string; rid?: string }>, deletedAt = new Date()) {
    this.trashed.push(...documents.map((doc) => ({ collection, _id: doc._id })));
    this.removals.push(...documents.map((doc) => ({ collection, _id: doc._id, rid: doc.rid, _deletedAt: deletedAt })));
    return Promise.resolve();
  }

  findRoomMessagesDeletedSince(rid: string, since: Date) {
    return Promise.resolve(
      this.removals
        .filter((t) => t.collection === 'rocketchat_message' && t.rid === rid && t._deletedAt > since)
        .map(({ _id, _deletedAt }) => ({ _id, _deletedAt })),
    );
  }
}

export class FakeTeams implements Pick<TeamsRepository, 'insert' | 'findById' | 'findByName' | 'deleteById' | 'updateNameAndType'> {
  readonly data: InMemoryCollection<ITeam>;

  constructor(teams: ITeam[] = []) {
    this.data = new InMemoryCollection(teams);
  }

  insert(team: Omit<ITeam, '_updatedAt'>) {
    return Promise.resolve(this.data.insert(team as ITeam));
  }
  findById(id: string) {
    return Promise.resolve(this.data.get(id));
  }
  findByName(name: string) {
    return Promise.resolve(this.data.findOne({ name }));
  }
  deleteById(id: string) {
    this.data.deleteMany({ _id: id });
    return Promise.resolve();
  }
  updateNameAndType(id: string, data: { name?: string; type?: ITeam['type'] }) {
    const set = { ...(data.name !== undefined && { name: data.name }), ...(data.type !== undefined && { type: data.type }) };
    return Promise.resolve(this.data.updateOne({ _id: id }, { $set: set }));
  }
}

type TeamMembersMethods =
  'insertMany' | 'findOne' | 'teamIdsOfUser' | 'findByTeam' | 'countByTeam' | 'deleteOne' | 'deleteByTeam' | 'deleteByUser' | 'setRoles';

export class FakeTeamMembers implements Pick<TeamMembersRepository, TeamMembersMethods> {
  readonly data: InMemoryCollection<ITeamMember>;

  constructor(members: ITeamMember[] = []) {
    this.data = new InMemoryCollection(members);
  }

  /** Existing memberships stay as they are, as the real upsert. */
  insertMany(members: Array<Omit<ITeamMember, '_updatedAt'>>) {
    for (const member of members)
      if (!this.data.findOne({ teamId: member.teamId, userId: member.userId })) this.data.insert(member as ITeamMember);
    return Promise.resolve();
  }
  findOne(teamId: string, userId: string) {
    return Promise.resolve(this.data.findOne({ teamId, userId }));
  }
  teamIdsOfUser(userId: string) {
    return Promise.resolve(this.data.find({ userId }).map((m) => m.teamId));
  }
  findByTeam(teamId: string, userIds?: string[]) {
    return Promise.resolve(this.data.find({ teamId, ...(userIds && { userId: { $in: userIds } }) }));
  }
  countByTeam(teamId: string) {
    return Promise.resolve(this.data.find({ teamId }).length);
  }
  deleteOne(teamId: string, userId: string) {
    return Promise.resolve(this.data.deleteMany({ teamId, userId }) > 0);
  }
  deleteByTeam(teamId: string) {
    this.data.deleteMany({ teamId });
    return Promise.resolve();
  }
  deleteByUser(userId: string) {
    this.data.deleteMany({ userId });
    return Promise.resolve();
  }
  setRoles(teamId: string, userId: string, roles: string[]) {
    return Promise.resolve(this.data.updateOne({ teamId, userId }, { $set: { roles } }));
  }
}

/** The pending member work of sent messages (the messages' `_memberWork`), by message id. */
export class FakeMemberWorkItems implements Pick<MemberWorkRepository, 'claimNext' | 'removeMany' | 'count' | 'migrateLegacy'> {
  readonly items = new Map<string, MemberWorkItem>();

  /** What a message stored by an instance that died before its member work leaves behind. */
  mark(messageId: string, rid: string, now: Date, lockMs: number) {
    this.items.set(messageId, { _id: messageId, rid, due: new Date(now.getTime() + lockMs) });
  }
  claimNext(now: Date, lockMs: number) {
    const due = [...this.items.values()].filter((item) => item.due <= now).sort((a, b) => a.due.getTime() - b.due.getTime())[0];
    if (!due) return Promise.resolve(null);
    Object.assign(due, { due: new Date(now.getTime() + lockMs) });
    return Promise.resolve({ ...due });
  }
  removeMany(ids: string[]) {
    for (const id of ids) this.items.delete(id);
    return Promise.resolve();
  }
  count() {
    return Promise.resolve(this.items.size);
  }
  migrateLegacy() {
    return Promise.resolve(0);
  }
}
