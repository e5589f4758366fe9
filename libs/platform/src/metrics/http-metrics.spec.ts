import { describe, expect, it } from '@jest/globals';
import type { Request, Response } from 'express';
import { UNMATCHED_ROUTE, labelHttpRoute, routeLabel } from './http-metrics.js';

const request = (url: string, route?: string, baseUrl = '') =>
  ({ originalUrl: url, url, baseUrl, route: route && { path: route } }) as unknown as Request;
const response = (statusCode = 200) => ({ statusCode, locals: {} }) as unknown as Response;

describe('HTTP route labels', () => {
  it('prefer the pattern a handler declared', () => {
    const res = response();
    labelHttpRoute(res, '/api/v1/rooms.info');
    expect(routeLabel(request('/api/v1/rooms.info?roomId=x', '/api/v1/*path'), res)).toBe('/api/v1/rooms.info');
  });

  it('use the Express route pattern, never the raw URL', () => {
    expect(routeLabel(request('/avatar/alice', '/avatar/:username'), response())).toBe('/avatar/:username');
    expect(routeLabel(request('/v1/x', '/x', '/v1'), response())).toBe('/v1/x');
  });

  it('fold what follows an /api endpoint name when nothing declared a pattern', () => {
    expect(routeLabel(request('/api/v1/channels.info?roomName=general'), response())).toBe('/api/v1/channels.info');
    expect(routeLabel(request('/api/v1/settings/Site_Url'), response())).toBe('/api/v1/settings/…');
  });

  it('put unknown paths and 404s under one label', () => {
    expect(routeLabel(request('/wp-login.php'), response(404))).toBe(UNMATCHED_ROUTE);
    expect(routeLabel(request('/api/v1/no.such.endpoint'), response(404))).toBe(UNMATCHED_ROUTE);
  });
});
