import * as contracts from '@rc/contracts';
import { BindableContract, type DdpBinding, type RestBinding, type RpcContract } from '@rc/contracts';

/** Every face of every contract in libs/contracts: what the gateway serves without a hand-written controller. */
const bound = Object.values(contracts as Record<string, unknown>).filter(
  (value): value is RpcContract => value instanceof BindableContract,
);

export const restBindings: readonly RestBinding[] = bound.flatMap((contract) => contract.rest);
export const ddpBindings: readonly DdpBinding[] = bound.flatMap((contract) => contract.ddp);
