import { DomainError, ErrorCode } from '@rc/contracts';

/**
 * How Rocket.Chat refuses an enterprise route without a licence: `middleware` — the route's `license` option,
 * checked before anything else (even the login): 400 for every caller; `in-action` — a check inside the route
 * (`License.hasModule`), after the login: 401 anonymous, 400 for a user.
 */
export type LicenseCheck = 'middleware' | 'in-action';

export interface EnterpriseRoute {
  readonly method: 'GET' | 'POST';
  /** Below `/api/v1/`. */
  readonly path: string;
  /** The licence module Rocket.Chat asks for. */
  readonly module: string;
  readonly check: LicenseCheck;
}

/**
 * Rocket.Chat 7 routes served only with an enterprise licence that its clients call and this server does not
 * implement (`apps/meteor/ee/server/api`: device management, the engagement dashboard, canned responses, read
 * receipts). Without a licence Rocket.Chat answers them `This is an enterprise feature [error-action-not-allowed]`
 * (its `license` middleware), and so does this server — rather than a 404 that clients read as a broken server.
 * Enterprise routes this server does implement (`roles.create`, `roles.update`, `ldap.syncNow`, …) are served.
 */
export const ENTERPRISE_ROUTES: readonly EnterpriseRoute[] = [
  { method: 'GET', path: 'sessions/list', module: 'device-management', check: 'middleware' },
  { method: 'GET', path: 'sessions/info', module: 'device-management', check: 'middleware' },
  { method: 'POST', path: 'sessions/logout.me', module: 'device-management', check: 'middleware' },
  { method: 'GET', path: 'sessions/list.all', module: 'device-management', check: 'middleware' },
  { method: 'GET', path: 'sessions/info.admin', module: 'device-management', check: 'middleware' },
  { method: 'POST', path: 'sessions/logout', module: 'device-management', check: 'middleware' },
  { method: 'GET', path: 'engagement-dashboard/users/new-users', module: 'engagement-dashboard', check: 'middleware' },
  { method: 'GET', path: 'engagement-dashboard/users/active-users', module: 'engagement-dashboard', check: 'middleware' },
  { method: 'GET', path: 'engagement-dashboard/messages/messages-sent', module: 'engagement-dashboard', check: 'middleware' },
  { method: 'GET', path: 'engagement-dashboard/channels/list', module: 'engagement-dashboard', check: 'middleware' },
  { method: 'GET', path: 'canned-responses.get', module: 'canned-responses', check: 'middleware' },
  { method: 'GET', path: 'chat.getMessageReadReceipts', module: 'message-read-receipt', check: 'in-action' },
];

const BY_ROUTE = new Map(ENTERPRISE_ROUTES.map((route) => [`${route.method} ${route.path}`, route]));

/** The enterprise route a request names (`path` below `/api/v1/`), if any. */
export const enterpriseRoute = (method: string, path: string): EnterpriseRoute | undefined => BY_ROUTE.get(`${method} ${path}`);

/** Rocket.Chat's refusal without a licence: 400, `This is an enterprise feature [error-action-not-allowed]`. */
export const enterpriseFeature = () => new DomainError(ErrorCode.ActionNotAllowed, 'This is an enterprise feature');
