import { describe, expect, it } from '@jest/globals';
import type { Entry } from 'ldapts';
import { dynamicValue, mapLdapUser, parseGroupMap, uniqueIdOf } from './ldap-user-mapping.js';

const settings = {
  uniqueIdentifierField: 'objectGUID,ibm-entryUUID,GUID,dominoUNID,nsuniqueId,uidNumber,uid',
  userSearchField: 'uid',
  usernameField: 'uid',
  emailField: 'mail',
  nameField: 'cn',
  defaultDomain: '',
};

const alice: Entry = {
  dn: 'uid=alice,ou=people,dc=t',
  uid: 'alice',
  cn: 'Alice Liddell',
  mail: ['not-an-address', 'Alice@Example.org'],
  givenName: 'Alice',
  sn: 'Liddell',
};

describe('LDAP user mapping', () => {
  it('maps username, name and the first address that is one (lower-cased)', () => {
    expect(mapLdapUser(alice, settings)).toEqual({
      dn: alice.dn,
      ldapId: { idAttribute: 'uid', id: Buffer.from('alice').toString('hex') },
      username: 'alice',
      name: 'Alice Liddell',
      email: 'alice@example.org',
    });
  });

  it('takes the unique id from the first attribute present, as hex of its bytes like Rocket.Chat', () => {
    const guid = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    expect(uniqueIdOf({ ...alice, objectGUID: guid }, settings)).toEqual({
      idAttribute: 'objectGUID',
      id: '00112233445566778899aabbccddeeff',
    });
    expect(uniqueIdOf({ ...alice, uidNumber: '1001' }, settings)).toEqual({
      idAttribute: 'uidNumber',
      id: Buffer.from('1001').toString('hex'),
    });
    expect(uniqueIdOf({ dn: 'cn=x' }, { uniqueIdentifierField: '', userSearchField: '' })).toEqual({
      idAttribute: 'dn',
      id: Buffer.from('cn=x').toString('hex'),
    });
  });

  it('fills templates and picks the first attribute of a list, matching names case-insensitively', () => {
    expect(dynamicValue(alice, '#{givenName} #{SN}')).toBe('Alice Liddell');
    expect(dynamicValue(alice, 'displayName, cn')).toBe('Alice Liddell');
    expect(dynamicValue(alice, '#{missing}')).toBeUndefined();
    expect(dynamicValue(alice, '')).toBeUndefined();
  });

  it('falls back to the typed name and to the default domain', () => {
    const bare: Entry = { dn: 'cn=bob', cn: 'Bob' };
    expect(mapLdapUser(bare, { ...settings, defaultDomain: 'corp.test' }, 'bob')).toMatchObject({
      username: 'bob',
      email: 'bob@corp.test',
    });
    expect(mapLdapUser(bare, settings, 'bob').email).toBeUndefined();
  });

  it('parses group maps (one name or a list), refusing what is not a JSON object', () => {
    expect(parseGroupMap('{"rocket-admin": "admin", "tech": ["support", "helpdesk", 3]}').map).toEqual(
      new Map([
        ['rocket-admin', ['admin']],
        ['tech', ['support', 'helpdesk']],
      ]),
    );
    expect(parseGroupMap('[1]')).toMatchObject({ error: 'not a JSON object' });
    expect(parseGroupMap('{oops').error).toMatch(/^not JSON/);
    expect(parseGroupMap('').map.size).toBe(0);
  });
});
