import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { accountsCheckSecondFactor, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { SecondFactorService } from './second-factor.service.js';

@Controller()
export class SecondFactorController {
  constructor(private readonly secondFactor: SecondFactorService) {}

  @RpcHandler(accountsCheckSecondFactor)
  check(@Payload() request: RpcParsedRequest<typeof accountsCheckSecondFactor>) {
    return this.secondFactor.check(request);
  }
}
