import { describe, expect, it } from '@jest/globals';
import { allUsersFilter, attributeList, escapeFilterValue, fillFilterTemplate, groupFilter, userSearchFilter } from './ldap-filter.js';

describe('LDAP filters', () => {
  it('escapes the RFC 4515 specials of a value', () => {
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\u0000c')).toBe('a\\5cb\\00c');
    expect(escapeFilterValue('plain.name-1')).toBe('plain.name-1');
  });

  it("builds Rocket.Chat's user filter, the typed name escaped", () => {
    expect(userSearchFilter('(objectclass=*)', 'uid', 'alice')).toBe('(&(objectclass=*)(uid=alice))');
    expect(userSearchFilter('objectClass=person', 'uid, mail', 'alice')).toBe('(&(objectClass=person)(|(uid=alice)(mail=alice)))');
    expect(userSearchFilter('', 'uid', 'alice')).toBe('(&(uid=alice))');
    // The injected name stays one value: no wildcard, no extra clause.
    expect(userSearchFilter('(objectclass=*)', 'uid', '*)(uid=*')).toBe('(&(objectclass=*)(uid=\\2a\\29\\28uid=\\2a))');
    expect(() => userSearchFilter('', ' , ', 'alice')).toThrow(/LDAP_User_Search_Field/);
  });

  it('finds every user of the sync by the search fields', () => {
    expect(allUsersFilter('(objectclass=inetOrgPerson)', 'uid')).toBe('(&(objectclass=inetOrgPerson)(uid=*))');
    expect(allUsersFilter('', 'uid,mail')).toBe('(&(|(uid=*)(mail=*)))');
  });

  it('fills #{...} templates with escaped values, unknown names with nothing', () => {
    const template = '(&(cn=#{groupName})(memberUid=#{username})(x=#{unknown}))';
    expect(fillFilterTemplate(template, { groupName: 'eng', username: 'bob)(cn=*' })).toBe('(&(cn=eng)(memberUid=bob\\29\\28cn=\\2a)(x=))');
    expect(fillFilterTemplate('(member=#{ userdn })', { userdn: 'uid=a,ou=p' })).toBe('(member=uid=a,ou=p)');
  });

  it('builds the group restriction (member format, DN by default)', () => {
    const options = {
      objectClass: 'groupOfUniqueNames',
      groupIdAttribute: 'cn',
      memberAttribute: 'uniqueMember',
      memberFormat: '',
      groupName: 'ROCKET_CHAT',
    };
    expect(groupFilter(options, { username: 'a*', userdn: 'uid=a*,ou=people' })).toBe(
      '(&(objectclass=groupOfUniqueNames)(uniqueMember=uid=a\\2a,ou=people)(cn=ROCKET_CHAT))',
    );
    expect(groupFilter({ ...options, memberAttribute: 'memberUid', memberFormat: '#{username}' }, { username: 'a*', userdn: 'x' })).toBe(
      '(&(objectclass=groupOfUniqueNames)(memberUid=a\\2a)(cn=ROCKET_CHAT))',
    );
  });

  it('reads attribute lists from settings', () => {
    expect(attributeList(' uid , mail,,cn ')).toEqual(['uid', 'mail', 'cn']);
  });
});
