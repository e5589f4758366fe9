import { livechatVisitorCanAccessRoom } from '@rc/contracts';
import type { RpcClient } from '@rc/platform';

/**
 * The livechat widget subscribes without logging in, passing its visitor token in the subscription's options:
 * `[eventName, {useCollection: false, args: [{token, visitorToken}]}]`. The token, if any.
 */
export function visitorTokenOf(params: unknown[]): string | undefined {
  const options = params[1];
  if (typeof options !== 'object' || options === null) return undefined;
  const [first] = ((options as { args?: unknown }).args as unknown[] | undefined) ?? [];
  if (typeof first !== 'object' || first === null) return undefined;
  const { visitorToken, token } = first as { visitorToken?: unknown; token?: unknown };
  const value = visitorToken ?? token;
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : undefined;
}

/** Whether a visitor token reads room `rid` (the omnichannel service says; a forged token reads nothing). */
export async function visitorMayRead(rpc: RpcClient, token: string | undefined, rid: string): Promise<boolean> {
  if (!token) return false;
  const { allowed } = await rpc.request(livechatVisitorCanAccessRoom, { token, rid });
  return allowed;
}
