import { Injectable, Logger, Module } from '@nestjs/common';
import { setupWizardAdminExists } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Tells core (owner of the settings) that an administrator exists, so a `pending` setup wizard moves to
 * `in_progress` (Rocket.Chat's rule). At start-up core may not answer yet: the seed keeps trying in the
 * background for a while (core also checks for an administrator when it starts, so a miss here is covered).
 */
@Injectable()
export class SetupWizardNotifier {
  private readonly logger = new Logger(SetupWizardNotifier.name);

  constructor(private readonly rpc: RpcClient) {}

  async adminExists(attempts = 1): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.rpc.request(setupWizardAdminExists, {}, { timeoutMs: 5_000 });
        return;
      } catch (error) {
        if (attempt >= attempts) {
          this.logger.warn(`could not tell core that an administrator exists: ${String(error)}`);
          return;
        }
        await sleep(Math.min(1_000 * attempt, 5_000));
      }
    }
  }
}

@Module({ providers: [SetupWizardNotifier], exports: [SetupWizardNotifier] })
export class SetupWizardNotifierModule {}
