import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { isDuplicateKeyError, RoomsRepository } from '@rc/models';

/**
 * First start: the `general` channel, a default room (every new user joins it), as Rocket.Chat creates it.
 * Two core instances starting together cannot create two: the unique name index refuses the second.
 */
@Injectable()
export class GeneralChannelSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(GeneralChannelSeed.name);

  constructor(private readonly rooms: RoomsRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.rooms.findById('GENERAL')) return;
    try {
      await this.rooms.insert({
        // Rocket.Chat's fixed id for it.
        _id: 'GENERAL',
        t: 'c',
        name: 'general',
        fname: 'general',
        ts: new Date(),
        msgs: 0,
        usersCount: 0,
        default: true,
        sysMes: true,
      });
      this.logger.log('created the general channel');
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
