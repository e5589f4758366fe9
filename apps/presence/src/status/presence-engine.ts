import type { UserStatus } from '@rc/contracts';

/** How much presence a status shows: a user is as present as their most present connection. */
const RANK: Record<UserStatus, number> = { offline: 0, away: 1, busy: 2, online: 3 };

/** The status of a user's connections together: the best of them (online > busy > away > offline). */
export function connectionStatusOf(statuses: readonly UserStatus[]): UserStatus {
  return statuses.reduce<UserStatus>((best, status) => (RANK[status] > RANK[best] ? status : best), 'offline');
}

/**
 * The status others see: offline without connections; otherwise the status the user chose, unless they chose
 * `online` (the default), in which case their connections decide (so that an idle client shows away).
 */
export function visibleStatusOf(statusConnection: UserStatus, statusDefault: UserStatus = 'online'): UserStatus {
  if (statusConnection === 'offline') return 'offline';
  return statusDefault === 'online' ? statusConnection : statusDefault;
}

/** Rocket.Chat trims a status text and keeps its first 120 characters. */
export function normalizeStatusText(text: string): string {
  return text.trim().slice(0, 120);
}
