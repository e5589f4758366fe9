import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';

/** `<uid>/<event>` with the same args to each of `userIds` (stream-notify-user). */
export interface UsersEvent {
  event: string;
  userIds: string[];
  args: unknown[];
}

/**
 * A user event to several users as one NATS message (a message's desktop notification to every connected member of
 * the room), keyed by the event (`streamKey`). Every gateway holding a socket that listens to `<uid>/<event>` hears
 * every such event and delivers it to the listed users it holds. Keyed by the event rather than by the room: a
 * gateway would otherwise have to follow every room of those users and would miss what comes before it learns of a
 * join (a direct message's first message creates the room); a user subject has no such gap, and neither has this one.
 */
export const notifyUsersEvent = defineEvent({ name: 'stream.notify-users', payload: as<UsersEvent>() });

const ARGS_MARK = '],"args":';

/**
 * The event's text on NATS: `{"event":…,"userIds":[…],"args":<argsJson>}`, the args (their EJSON, encoded once by the
 * publisher) last, so that a gateway reads the recipients without decoding them and relays them as they came.
 */
export function usersEventText(event: string, userIds: readonly string[], argsJson: string): string {
  return `{"event":${JSON.stringify(event)},"userIds":${JSON.stringify(userIds)},"args":${argsJson}}`;
}

/**
 * Reads `usersEventText`'s text: the event, its users, and the args' text as published. The first `],"args":` ends
 * the user ids: inside a JSON string a `"` is always escaped, so `,"` cannot occur there. Undefined for any other text.
 */
export function readUsersEvent(text: string): { event: string; userIds: string[]; argsJson: string } | undefined {
  const end = text.indexOf(ARGS_MARK);
  if (end < 0 || !text.endsWith('}')) return undefined;
  let head: Partial<UsersEvent>;
  try {
    head = JSON.parse(`${text.slice(0, end + 1)}}`) as Partial<UsersEvent>;
  } catch {
    return undefined;
  }
  if (typeof head.event !== 'string' || !Array.isArray(head.userIds)) return undefined;
  return { event: head.event, userIds: head.userIds, argsJson: text.slice(end + ARGS_MARK.length, -1) };
}
