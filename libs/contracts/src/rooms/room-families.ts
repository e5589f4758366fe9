import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';

/** A REST family of room routes and the keys its answers use (`channels.info` → `{channel}`). */
export interface RestRoomFamily {
  readonly prefix: 'channels' | 'groups' | 'im' | 'dm';
  readonly t: 'c' | 'p' | 'd';
  /** The key a room is answered under: `channel`, `group`, `room`. */
  readonly one: string;
  /** The key of lists: `channels`, `groups`, `ims`. */
  readonly many: string;
}

const FAMILIES: readonly RestRoomFamily[] = [
  { prefix: 'channels', t: 'c', one: 'channel', many: 'channels' },
  { prefix: 'groups', t: 'p', one: 'group', many: 'groups' },
  { prefix: 'im', t: 'd', one: 'room', many: 'ims' },
  { prefix: 'dm', t: 'd', one: 'room', many: 'ims' },
];

/** `channels.<action>` and `groups.<action>` (and `im.`/`dm.` when asked): one binding serves the family. */
export function familyPaths(action: string, prefixes: ReadonlyArray<RestRoomFamily['prefix']> = ['channels', 'groups']): string[] {
  return prefixes.map((prefix) => `${prefix}.${action}`);
}

/** The family of a bound route (`groups.history` → groups). */
export function familyOf(path: string): RestRoomFamily {
  const family = FAMILIES.find(({ prefix }) => path.startsWith(`${prefix}.`));
  if (!family) throw new DomainError(ErrorCode.Internal, `no room family for ${path}`);
  return family;
}
