import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { npsCloseOpenSurveys, npsCreate, npsResults, npsSendResults, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { NpsService } from './nps.service.js';

@Controller()
export class NpsController {
  constructor(private readonly nps: NpsService) {}

  @RpcHandler(npsCreate)
  create(@Payload() request: RpcParsedRequest<typeof npsCreate>) {
    return this.nps.create(request.actor, request);
  }

  @RpcHandler(npsCloseOpenSurveys)
  closeOpenSurveys(@Payload() { actor }: RpcParsedRequest<typeof npsCloseOpenSurveys>) {
    return this.nps.closeOpenSurveys(actor);
  }

  @RpcHandler(npsResults)
  results(@Payload() { actor, npsId }: RpcParsedRequest<typeof npsResults>) {
    return this.nps.results(actor, npsId);
  }

  @RpcHandler(npsSendResults)
  sendResults(@Payload() { actor }: RpcParsedRequest<typeof npsSendResults>) {
    return this.nps.sendResults(actor);
  }
}
