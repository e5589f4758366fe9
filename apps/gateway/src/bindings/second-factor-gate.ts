import { Injectable } from '@nestjs/common';
import { accountsCheckSecondFactor, type Actor, type Caller, type RpcContract } from '@rc/contracts';
import { RpcClient } from '@rc/platform';

/** A code the client sent for the second factor, and the method it is for (`password`, later `totp`, `email`). */
export interface SecondFactorCode {
  readonly code: string;
  readonly method?: string;
}

/**
 * Rocket.Chat's `twoFactorRequired` for the bound faces: a contract declared with `twoFactor` is sent only after
 * accounts accepted the caller's code (or remembers this client), whichever face it came by. Accounts answers
 * `totp-required` / `totp-invalid`, which reach the client in the protocol's own error shape.
 */
@Injectable()
export class SecondFactorGate {
  constructor(private readonly rpc: RpcClient) {}

  async check(
    contract: RpcContract,
    request: unknown,
    caller: Caller & { actor?: Actor },
    sent: SecondFactorCode | undefined,
  ): Promise<void> {
    const requirement = contract.twoFactor;
    if (!requirement || !caller.actor) return;
    // `request` is what this contract's own face mapped: the type the requirement was declared against.
    if (requirement.appliesTo && !requirement.appliesTo(request as never)) return;
    await this.rpc.request(accountsCheckSecondFactor, {
      userId: caller.actor.userId,
      ...(caller.authToken !== undefined && { authToken: caller.authToken }),
      ...(sent && { code: sent.code }),
      ...(sent?.method && { method: sent.method }),
      client: {
        ...(caller.clientAddress !== undefined && { address: caller.clientAddress }),
        ...(caller.userAgent !== undefined && { userAgent: caller.userAgent }),
      },
      ...(requirement.requireSecondFactor && { requireSecondFactor: true }),
      ...(requirement.disableRememberMe && { disableRememberMe: true }),
    });
  }
}

/** REST: the `x-2fa-code` / `x-2fa-method` headers (Rocket.Chat's), else a password typed in the body. */
export function restSecondFactor(
  headers: Record<string, string | string[] | undefined>,
  typedPassword?: unknown,
): SecondFactorCode | undefined {
  const code = single(headers['x-2fa-code']);
  if (code) return { code, method: single(headers['x-2fa-method']) };
  if (typeof typedPassword === 'string' && typedPassword) return { code: typedPassword, method: 'password' };
  return undefined;
}

/**
 * DDP: Rocket.Chat's clients call the method again with `{twoFactorCode, twoFactorMethod}` appended to its
 * arguments; it is taken off (so the method sees its own arguments) when both are there.
 */
export function takeDdpSecondFactor(args: unknown[]): { args: unknown[]; sent?: SecondFactorCode } {
  const last: unknown = args.at(-1);
  if (typeof last !== 'object' || last === null) return { args };
  const { twoFactorCode, twoFactorMethod } = last as Record<string, unknown>;
  if (typeof twoFactorCode !== 'string' || !twoFactorCode || typeof twoFactorMethod !== 'string' || !twoFactorMethod) return { args };
  return { args: args.slice(0, -1), sent: { code: twoFactorCode, method: twoFactorMethod } };
}

function single(value: string | string[] | undefined): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return one ? one : undefined;
}
