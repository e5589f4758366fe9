import { ROCKET_CHAT_STRICT_ROUTES } from './rocket-chat-strict-routes.js';

/** The keys that name a room: `im.*` / `dm.*` take the other user's `username` too (elsewhere it names a user). */
const roomKeysOf = (route: string) => (/ (im|dm)\./.test(route) ? ['roomId', 'roomName', 'username'] : ['roomId', 'roomName']);
/** The families whose helpers would otherwise answer a missing room in their own words. */
const FAMILIES = /^(GET|POST) (channels|groups|im|dm)\./;

/**
 * The room key a strict route's validator requires, read from the table's key sets: every branch names a room
 * (`oneOf` of `{roomId}` and `{roomName}`, or one branch with `roomId` alone), unlike a single branch naming
 * both (`channels.files`: both optional). The first branch's key is the one ajv's first failure names.
 */
function requiredRoomKey(route: string, branches: ReadonlyArray<readonly string[]>): string | undefined {
  const roomKeys = branches.map((keys) => keys.filter((key) => roomKeysOf(route).includes(key)));
  if (roomKeys.some((keys) => keys.length === 0)) return undefined;
  if (roomKeys.length === 1 && roomKeys[0].length > 1) return undefined;
  return roomKeys[0][0];
}

/** Per room-family route whose Rocket.Chat validator requires a room: the key its first failure names. */
export const REQUIRED_ROOM_KEY: ReadonlyMap<string, string> = new Map(
  Object.entries(ROCKET_CHAT_STRICT_ROUTES).flatMap(([route, branches]) => {
    const key = FAMILIES.test(route) ? requiredRoomKey(route, branches) : undefined;
    return key ? [[route, key] as const] : [];
  }),
);

/** Whether a request to `route` names none of its room keys (an empty string is still a value for ajv's `required`). */
export function namesNoRoom(route: string, params: Record<string, unknown>): boolean {
  return roomKeysOf(route).every((key) => params[key] === undefined);
}
