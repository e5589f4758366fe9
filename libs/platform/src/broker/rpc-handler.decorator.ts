import { applyDecorators, UseFilters, UsePipes, type PipeTransform } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { RpcContract } from '@rc/contracts';
import { RpcErrorFilter } from './rpc-error.filter.js';
import { parseOrThrow } from './validation.js';

class ContractPipe implements PipeTransform {
  constructor(private readonly contract: RpcContract) {}

  transform(value: unknown): unknown {
    return parseOrThrow(this.contract.request, value);
  }
}

/**
 * Marks a controller method as the handler of a request contract: subscribes to its subject (in the app's
 * queue group), validates the payload against the contract's schema, and maps failures to DomainErrors.
 * The method takes the parsed payload as its only parameter (`@Payload()`).
 */
export function RpcHandler(contract: RpcContract): MethodDecorator {
  return applyDecorators(MessagePattern(contract.subject), UsePipes(new ContractPipe(contract)), UseFilters(RpcErrorFilter));
}
