import { Filter } from 'ldapts';

/**
 * LDAP search filters. Every value that comes from a user (the name typed at login) or from the database (a
 * username, a DN) is escaped as RFC 4515 says (`*` `(` `)` `\` NUL become `\2a` `\28` `\29` `\5c` `\00`), with
 * ldapts' `Filter.escape`, so a name like `*)(uid=*` is a literal value, never filter syntax. The parts that
 * come from settings (the administrator's filter, attribute names) are used as written, as in Rocket.Chat.
 */
export const escapeFilterValue = (value: string): string => Filter.escape(value);

/** A comma-separated attribute list from a setting (`uid, mail` → `['uid', 'mail']`). */
export const attributeList = (setting: string): string[] =>
  setting
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Wraps an administrator's filter in parentheses when it has none (`objectClass=person`). */
const wrapped = (filter: string): string => (filter.startsWith('(') ? filter : `(${filter})`);

/**
 * Rocket.Chat's user filter: the configured search filter AND any of the search fields equal to the name,
 * e.g. `(&(objectclass=*)(uid=alice))` or `(&(objectclass=*)(|(uid=alice)(mail=alice)))`.
 */
export function userSearchFilter(searchFilter: string, searchFields: string, username: string): string {
  const fields = attributeList(searchFields);
  if (fields.length === 0) throw new Error('LDAP_User_Search_Field is empty');
  const value = escapeFilterValue(username);
  const byName = fields.map((field) => `(${field}=${value})`);
  return `(&${searchFilter ? wrapped(searchFilter) : ''}${byName.length === 1 ? byName[0] : `(|${byName.join('')})`})`;
}

/** Every user the sync looks at: the search filter AND any search field present. */
export function allUsersFilter(searchFilter: string, searchFields: string): string {
  const present = attributeList(searchFields).map((field) => `(${field}=*)`);
  return `(&${searchFilter ? wrapped(searchFilter) : ''}${present.length === 1 ? present[0] : `(|${present.join('')})`})`;
}

/**
 * Fills a filter template from a setting (`(&(cn=#{groupName})(memberUid=#{username}))`): each `#{name}` becomes
 * the escaped value (an unknown name, nothing).
 */
export function fillFilterTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/#\{\s*([^}\s]+)\s*\}/g, (_match, name: string) =>
    Object.hasOwn(values, name) ? escapeFilterValue(values[name]) : '',
  );
}

/**
 * Rocket.Chat's group restriction (LDAP_Group_Filter_*): a user may log in only when a group of the object class,
 * with the id attribute equal to the group name, lists them as a member (the member format with `#{username}` and
 * `#{userdn}`; the DN when no format is set).
 */
export function groupFilter(
  options: { objectClass: string; groupIdAttribute: string; memberAttribute: string; memberFormat: string; groupName: string },
  member: { username: string; userdn: string },
): string {
  const parts: string[] = [];
  if (options.objectClass) parts.push(`(objectclass=${options.objectClass})`);
  if (options.memberAttribute) {
    const format = options.memberFormat || '#{userdn}';
    parts.push(`(${options.memberAttribute}=${fillFilterTemplate(format, member)})`);
  }
  if (options.groupIdAttribute) parts.push(`(${options.groupIdAttribute}=${escapeFilterValue(options.groupName)})`);
  return `(&${parts.join('')})`;
}
