import { Injectable } from '@nestjs/common';
import { authorizationHasPermission } from '@rc/contracts';
import { RpcClient } from '@rc/platform';

const TTL_MS = 30_000;

/**
 * Remembers for a short while whether a user holds a permission, for checks made on every call of a busy
 * method (rate-limit exemptions): a permission change takes effect here within TTL_MS.
 */
@Injectable()
export class PermissionCache {
  private readonly entries = new Map<string, { granted: Promise<boolean>; expires: number }>();

  constructor(private readonly rpc: RpcClient) {}

  has(userId: string, permission: string): Promise<boolean> {
    const key = `${userId}:${permission}`;
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.expires > now) return cached.granted;
    if (this.entries.size > 10_000) this.entries.clear();
    const granted = this.rpc.request(authorizationHasPermission, { userId, permissions: [permission] });
    this.entries.set(key, { granted, expires: now + TTL_MS });
    granted.catch(() => this.entries.delete(key));
    return granted;
  }
}
