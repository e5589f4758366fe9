import { DomainError, ErrorCode, type SettingValue } from '@rc/contracts';
import type { RealtimePublisher } from '@rc/realtime';
import type { AccessService } from '../common/access.service.js';
import { ALL_SETTINGS, PageSize } from '@rc/settings';
import type { SettingsCache } from '@rc/settings';

/**
 * AccessService at its interface: permissions granted per user (globally, or in one room), and room access
 * decided by a predicate (everyone may read every room unless a spec says otherwise).
 */
export class FakeAccess implements Pick<AccessService, 'hasPermission' | 'canAccessRoom' | 'requirePermission'> {
  private readonly grants = new Set<string>();
  canAccess: (userId: string, roomId: string) => boolean = () => true;

  grant(userId: string, permissions: string | string[], roomId?: string): this {
    for (const permission of [permissions].flat()) this.grants.add(`${userId}|${permission}|${roomId ?? '*'}`);
    return this;
  }

  hasPermission(userId: string, permission: string | string[], roomId?: string, mode: 'all' | 'any' = 'all'): Promise<boolean> {
    const held = (p: string) =>
      this.grants.has(`${userId}|${p}|*`) || (roomId !== undefined && this.grants.has(`${userId}|${p}|${roomId}`));
    const permissions = [permission].flat();
    return Promise.resolve(mode === 'all' ? permissions.every(held) : permissions.some(held));
  }

  canAccessRoom(userId: string, room: string | { _id: string }): Promise<boolean> {
    return Promise.resolve(this.canAccess(userId, typeof room === 'string' ? room : room._id));
  }

  async requirePermission(userId: string, permission: string | string[], roomId?: string, mode: 'all' | 'any' = 'all'): Promise<void> {
    if (!(await this.hasPermission(userId, permission, roomId, mode))) throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
  }
}

const DEFAULTS = new Map(ALL_SETTINGS.map((definition) => [definition._id, definition.packageValue]));

/** SettingsCache at its interface: the package defaults, some overridden by the spec. */
export function fakeSettings(overrides: Record<string, SettingValue> = {}): SettingsCache {
  const values = new Map([...DEFAULTS, ...Object.entries(overrides)]);
  const settings: Pick<SettingsCache, 'get'> = {
    get: <T extends SettingValue>(id: string): T => {
      if (!values.has(id)) throw new Error(`unknown setting ${id}`);
      return values.get(id) as T;
    },
  };
  return settings as SettingsCache;
}

/** The list routes' page size over `fakeSettings` (`API_Upper_Count_Limit` and the others, overridable). */
export function fakePageSize(overrides: Record<string, SettingValue> = {}): PageSize {
  return new PageSize(fakeSettings(overrides));
}

export type PublishedEvent = [method: string, ...args: unknown[]];

/** RealtimePublisher at its interface: every call recorded, in order, as `[method, ...args]`. */
export function recordingRealtime(): { realtime: RealtimePublisher; events: PublishedEvent[]; named: (method: string) => unknown[][] } {
  const events: PublishedEvent[] = [];
  const realtime = new Proxy(
    { publishesChanges: true },
    {
      get: (target, name: string) => {
        if (name in target) return target[name as keyof typeof target];
        // `notifyUsers` reaches each user as `notifyUser` would (realtime-publisher.spec.ts, the gateway's users-event-fanout.spec.ts): recorded so.
        if (name === 'notifyUsers')
          return (userIds: Iterable<string>, event: string, args: unknown[]) => {
            for (const userId of userIds) events.push(['notifyUser', userId, event, args]);
          };
        return (...args: unknown[]) => void events.push([name, ...args]);
      },
    },
  );
  return {
    realtime: realtime as unknown as RealtimePublisher,
    events,
    named: (method) => events.filter(([name]) => name === method).map(([, ...args]) => args),
  };
}
