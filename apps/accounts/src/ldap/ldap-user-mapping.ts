import type { Entry } from 'ldapts';
import { attributeList } from './ldap-filter.js';
import type { LdapSettings } from './ldap-settings.js';

/** What a directory entry says about its user, by the data-sync settings. */
export interface LdapUserData {
  dn: string;
  /** Rocket.Chat's `services.ldap`: the unique id (hex of the raw value, as Rocket.Chat stores it) and its attribute. */
  ldapId: { id: string; idAttribute: string };
  username: string | undefined;
  name: string | undefined;
  email: string | undefined;
}

type MappingSettings = Pick<
  LdapSettings,
  'uniqueIdentifierField' | 'userSearchField' | 'usernameField' | 'emailField' | 'nameField' | 'defaultDomain'
>;

/** The values of an attribute as strings (binary values as hex); matched case-insensitively like LDAP does. */
export function attributeValues(entry: Entry, attribute: string): string[] {
  const key = Object.keys(entry).find((name) => name.toLowerCase() === attribute.toLowerCase());
  if (!key) return [];
  const raw = entry[key];
  const values = Array.isArray(raw) ? raw : [raw];
  return values.map((value) => (Buffer.isBuffer(value) ? value.toString('hex') : String(value))).filter((value) => value !== '');
}

const first = (entry: Entry, attribute: string): string | undefined => attributeValues(entry, attribute)[0];

/**
 * Rocket.Chat's dynamic value: a template (`#{givenName} #{sn}`) is filled from the entry; otherwise the setting
 * is a list of attributes and the first one present wins.
 */
export function dynamicValue(entry: Entry, setting: string): string | undefined {
  if (!setting.trim()) return undefined;
  if (setting.includes('#{')) {
    const filled = setting.replace(/#\{(.+?)\}/g, (_match, name: string) => first(entry, name.trim()) ?? '').trim();
    return filled || undefined;
  }
  for (const attribute of attributeList(setting)) {
    const value = first(entry, attribute);
    if (value) return value;
  }
  return undefined;
}

/**
 * The entry's unique identifier: the first attribute present among LDAP_Unique_Identifier_Field, then the search
 * fields, then the DN. Its value is stored as the hex of its bytes, like Rocket.Chat, so users it synced match.
 */
export function uniqueIdOf(entry: Entry, settings: Pick<MappingSettings, 'uniqueIdentifierField' | 'userSearchField'>) {
  const candidates = [...attributeList(settings.uniqueIdentifierField), ...attributeList(settings.userSearchField)];
  for (const attribute of candidates) {
    const key = Object.keys(entry).find((name) => name.toLowerCase() === attribute.toLowerCase());
    const raw = key === undefined ? undefined : entry[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === '' || (Buffer.isBuffer(value) && value.length === 0)) continue;
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
    return { idAttribute: attribute, id: bytes.toString('hex') };
  }
  return { idAttribute: 'dn', id: Buffer.from(entry.dn, 'utf8').toString('hex') };
}

/** Maps an entry to the user's fields; `typedName` (the name typed at login) stands in for a missing username. */
export function mapLdapUser(entry: Entry, settings: MappingSettings, typedName?: string): LdapUserData {
  const ldapId = uniqueIdOf(entry, settings);
  const username = dynamicValue(entry, settings.usernameField) ?? typedName;
  const emails = attributeList(settings.emailField).flatMap((attribute) => attributeValues(entry, attribute));
  const email =
    emails.find((address) => address.includes('@')) ??
    (settings.defaultDomain && username ? `${username}@${settings.defaultDomain}` : undefined);
  return { dn: entry.dn, ldapId, username, name: dynamicValue(entry, settings.nameField), email: email?.toLowerCase() };
}

/**
 * A group map setting (LDAP_Sync_User_Data_RolesMap / ChannelsMap): JSON from an LDAP group name to one name or a
 * list. A malformed map maps nothing (and says why).
 */
export function parseGroupMap(json: string): { map: Map<string, string[]>; error?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json || '{}');
  } catch (error) {
    return { map: new Map(), error: `not JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { map: new Map(), error: 'not a JSON object' };
  const map = new Map<string, string[]>();
  for (const [group, target] of Object.entries(parsed)) {
    const names = (Array.isArray(target) ? target : [target]).filter((name): name is string => typeof name === 'string' && name !== '');
    if (names.length) map.set(group, names);
  }
  return { map };
}
