import { describe, expect, it } from '@jest/globals';
import type { RestBinding } from '@rc/contracts';
import { RestRouteTable } from './rest-route-table.js';

const binding = (method: RestBinding['method'], path: string, root: RestBinding['root'] = 'v1') =>
  ({ method, path, root, envelope: root === 'v1', auth: 'user', request: () => ({}) }) as unknown as RestBinding;

describe('RestRouteTable', () => {
  it('keeps each root apart: /api/apps/ routes are not /api/v1/ routes', () => {
    const interaction = binding('POST', 'ui.interaction/:appId', 'apps');
    const banners = binding('GET', 'banners/:id');
    const table = new RestRouteTable([interaction, banners]);
    expect(table.match('POST', 'ui.interaction/nps-core', 'apps')).toEqual({ binding: interaction, params: { appId: 'nps-core' } });
    expect(table.match('POST', 'ui.interaction/nps-core', 'v1')).toBeUndefined();
    expect(table.match('GET', 'banners/b1')).toEqual({ binding: banners, params: { id: 'b1' } });
    expect(table.match('GET', 'banners/b1', 'apps')).toBeUndefined();
  });

  it('refuses a route bound twice under one root, not the same path under two', () => {
    expect(() => new RestRouteTable([binding('GET', 'x'), binding('GET', 'x')])).toThrow('bound twice');
    expect(() => new RestRouteTable([binding('GET', 'x'), binding('GET', 'x', 'apps')])).not.toThrow();
  });
});
