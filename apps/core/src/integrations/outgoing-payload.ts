import type { IMessage, IOutgoingIntegration, IRoom, OutgoingIntegrationEvent } from '@rc/contracts';

/** A user as an event carries it (never credentials: `services` is dropped, as Rocket.Chat does). */
export interface EventUser {
  _id: string;
  username?: string;
  name?: string;
  type?: string;
  createdAt?: Date;
  services?: unknown;
}

/** What an outgoing event is about (Rocket.Chat's `eventNameArgumentsToObject`). */
export interface TriggerArgs {
  event: OutgoingIntegrationEvent;
  message?: IMessage;
  room?: IRoom;
  owner?: EventUser;
  user?: EventUser;
}

/** The JSON body an outgoing webhook POSTs (Rocket.Chat's `mapEventArgsToData`). */
export type OutgoingPayload = Record<string, unknown> & { token: string; bot: boolean };

function withoutServices(user: EventUser | undefined): EventUser | undefined {
  if (!user) return undefined;
  const { services: _services, ...rest } = user;
  return rest;
}

/**
 * Builds the payload for one trigger: `token`, `bot`, the trigger word, and per event the room, message and
 * user fields Rocket.Chat sends (`channel_id`, `channel_name`, `message_id`, `timestamp`, `user_id`,
 * `user_name`, `text`, `siteUrl`, …). Undefined when the event lacks what its payload needs.
 */
export function buildOutgoingPayload(
  trigger: Pick<IOutgoingIntegration, 'token'>,
  args: TriggerArgs,
  options: { triggerWord?: string; siteUrl: string; now?: Date },
): OutgoingPayload | undefined {
  const data: OutgoingPayload = { token: trigger.token, bot: false };
  if (options.triggerWord) data.trigger_word = options.triggerWord;
  const { event, message, room } = args;
  const user = withoutServices(args.user);
  const owner = withoutServices(args.owner);
  switch (event) {
    case 'sendMessage':
    case 'fileUploaded':
      if (!room || !message) return undefined;
      Object.assign(data, {
        channel_id: room._id,
        channel_name: room.name,
        message_id: message._id,
        timestamp: message.ts,
        user_id: message.u._id,
        user_name: message.u.username,
        text: message.msg,
      });
      if (message.alias) data.alias = message.alias;
      if (message.bot) data.bot = true;
      if (event === 'sendMessage') {
        data.siteUrl = options.siteUrl;
        if (message.editedAt) data.isEdited = true;
        if (message.tmid) data.tmid = message.tmid;
      } else {
        Object.assign(data, { user, room, message });
      }
      return data;
    case 'roomCreated':
      if (!room || !owner) return undefined;
      return Object.assign(data, {
        channel_id: room._id,
        channel_name: room.name,
        timestamp: room.ts,
        user_id: owner._id,
        user_name: owner.username,
        owner,
        room,
      });
    case 'roomArchived':
    case 'roomJoined':
    case 'roomLeft':
      if (!room || !user) return undefined;
      Object.assign(data, {
        timestamp: options.now ?? new Date(),
        channel_id: room._id,
        channel_name: room.name,
        user_id: user._id,
        user_name: user.username,
        user,
        room,
      });
      if (user.type === 'bot') data.bot = true;
      return data;
    case 'userCreated':
      if (!user) return undefined;
      Object.assign(data, { timestamp: user.createdAt, user_id: user._id, user_name: user.username, user });
      if (user.type === 'bot') data.bot = true;
      return data;
  }
}

/**
 * The triggers listening to a room (Rocket.Chat's `getTriggersToExecute`): by scope (`all_public_channels`,
 * `all_private_groups`, `all_direct_messages`), by `#id` / `#name`, or for a direct message by `@uid` /
 * `@username` of a member other than the author; plus those whose event names no room (`__any`).
 */
export function triggersFor(
  table: ReadonlyMap<string, ReadonlyMap<string, IOutgoingIntegration>>,
  room: Pick<IRoom, '_id' | 't' | 'name' | 'uids' | 'usernames'> | undefined,
  authorUsername?: string,
): IOutgoingIntegration[] {
  const found = new Map<string, IOutgoingIntegration>();
  const add = (key: string) => table.get(key)?.forEach((trigger, id) => found.set(id, trigger));
  if (room) {
    if (room.t === 'd') {
      add('all_direct_messages');
      room.uids?.forEach((uid) => add(`@${uid}`));
      room.usernames?.filter((username) => username !== authorUsername).forEach((username) => add(`@${username}`));
    } else {
      add(room.t === 'c' ? 'all_public_channels' : 'all_private_groups');
      add(`#${room._id}`);
      if (room.name && room.name !== room._id) add(`#${room.name}`);
    }
  }
  add('__any');
  return [...found.values()];
}

/** The trigger table: channel key → integrations (Rocket.Chat's `addIntegration`). */
export function triggerTable(
  integrations: readonly IOutgoingIntegration[],
  usesChannel: (event: OutgoingIntegrationEvent) => boolean,
): Map<string, Map<string, IOutgoingIntegration>> {
  const table = new Map<string, Map<string, IOutgoingIntegration>>();
  for (const integration of integrations) {
    const keys = !usesChannel(integration.event)
      ? ['__any']
      : integration.channel && integration.channel.length > 0
        ? integration.channel
        : ['all_public_channels'];
    for (const key of keys) {
      const entry = table.get(key) ?? new Map<string, IOutgoingIntegration>();
      entry.set(integration._id, integration);
      table.set(key, entry);
    }
  }
  return table;
}
