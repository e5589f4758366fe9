import { Controller, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { settingsShield, type RpcParsedRequest } from '@rc/contracts';
import { UsersDataModule } from '@rc/models';
import { RpcHandler } from '@rc/platform';
import { ShieldService } from './shield.service.js';

@Controller()
export class ShieldController {
  constructor(private readonly shields: ShieldService) {}

  @RpcHandler(settingsShield)
  draw(@Payload() request: RpcParsedRequest<typeof settingsShield>) {
    return this.shields.draw(request);
  }
}

/** `shield.svg`: the badge drawn here, sent as an image by the gateway. */
@Module({
  imports: [UsersDataModule],
  controllers: [ShieldController],
  providers: [ShieldService],
})
export class ShieldModule {}
