import { describe, expect, it } from '@jest/globals';
import { claimList, rolesFromClaim } from './oauth-claims-sync.js';

describe('roles from an OAuth claim (Rocket.Chat updateRolesFromSSO)', () => {
  const known = new Set(['admin', 'user', 'bot', 'livechat-agent']);

  it('adds the claimed roles that exist; without roles_to_sync nothing is taken away', () => {
    expect(rolesFromClaim(['user'], ['bot', 'ghost'], known, '')).toEqual({ add: ['bot'], remove: [] });
    expect(rolesFromClaim(['user', 'livechat-agent'], [], known, '')).toEqual({ add: [], remove: [] });
  });

  it('with roles_to_sync, only those roles are given and taken', () => {
    expect(rolesFromClaim(['user', 'livechat-agent'], ['admin', 'bot'], known, 'bot, livechat-agent')).toEqual({
      add: ['bot'],
      remove: ['livechat-agent'],
    });
    expect(rolesFromClaim(['user', 'admin'], [], known, 'bot')).toEqual({ add: [], remove: [] });
  });

  it('reads a claim as a list of names', () => {
    expect(claimList({ roles: ['a', 3, '', 'b'] }, 'roles')).toEqual(['a', 'b']);
    expect(claimList({ groups: 'eng' }, 'groups')).toEqual(['eng']);
    expect(claimList({ groups: { eng: true } }, 'groups')).toEqual([]);
    expect(claimList({}, undefined)).toEqual([]);
  });
});
