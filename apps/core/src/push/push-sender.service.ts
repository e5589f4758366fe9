import { Injectable, Logger } from '@nestjs/common';
import type { IAppsTokens, PushNotificationConfig } from '@rc/contracts';
import { AppTokensRepository } from '@rc/models';
import { PushTokenCache } from './push-token-cache.service.js';
import { MetricsService } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import type { Counter } from 'prom-client';
import { apnRequest, fcmMessage, gatewayRequest } from './push-payload.js';
import { ApnProvider } from './providers/apn.provider.js';
import type { DeliveryOutcome } from './providers/delivery.js';
import { FcmProvider } from './providers/fcm.provider.js';
import { GatewayProvider } from './providers/gateway.provider.js';

/**
 * Sends a notification to each device of its user: through Rocket.Chat's push gateway when
 * `Push_enable_gateway` is on (the first URL of `Push_gateway`), else directly, to APNs for `apn` tokens and
 * FCM for `gcm` tokens, with the server's credentials. A dead token is removed. A retryable failure is thrown
 * after the devices before it were sent (`delivered` lets the retry skip them).
 */
@Injectable()
export class PushSender {
  private readonly logger = new Logger(PushSender.name);
  private readonly outcomes: Counter<'provider' | 'outcome'>;

  constructor(
    private readonly tokens: AppTokensRepository,
    private readonly settings: SettingsCache,
    private readonly gateway: GatewayProvider,
    private readonly fcm: FcmProvider,
    private readonly apn: ApnProvider,
    metrics: MetricsService,
    private readonly tokenCache: PushTokenCache,
  ) {
    this.outcomes = metrics.counter('push_deliveries_total', 'Push notifications per device, by provider and outcome', [
      'provider',
      'outcome',
    ]);
  }

  /** Returns the number of devices the user has. */
  async send(
    config: PushNotificationConfig,
    delivered: ReadonlySet<string> = new Set(),
    onDelivered?: (tokenId: string) => Promise<void>,
  ): Promise<number> {
    const devices = await this.tokens.findByUser(config.userId);
    const pending = devices.filter((device) => !delivered.has(device._id));
    for (const [index, device] of pending.entries()) {
      const [provider, outcome] = await this.deliver(config, device);
      this.outcomes.inc({ provider, outcome });
      if (outcome === 'invalid-token') {
        this.logger.log(`removing push token ${device._id} of ${config.userId}: the ${provider} said it is invalid`);
        await this.tokens.deleteByValue('apn' in device.token ? device.token.apn : device.token.gcm);
        this.tokenCache.changed();
      }
      // Recorded only when a later device could fail: a retry then skips this one.
      if (index < pending.length - 1) await onDelivered?.(device._id);
    }
    return devices.length;
  }

  private async deliver(config: PushNotificationConfig, device: IAppsTokens): Promise<[string, DeliveryOutcome]> {
    if (this.settings.get<boolean>('Push_enable_gateway')) {
      const gateway = this.settings
        .get<string>('Push_gateway')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .find(Boolean);
      if (!gateway) return ['gateway', 'rejected'];
      const { service, body } = gatewayRequest(config, device, this.uniqueId(), new Date());
      return ['gateway', await this.failing('gateway', this.gateway.send(gateway, service, body))];
    }
    if ('apn' in device.token) {
      const production = this.settings.get<boolean>('Push_production');
      const prefix = production ? 'Push_apn_' : 'Push_apn_dev_';
      const cert = this.settings.get<string>(`${prefix}cert`);
      const key = this.settings.get<string>(`${prefix}key`);
      if (!cert || !key) return ['apn', 'rejected'];
      const request = apnRequest(config, device.appName, new Date());
      return [
        'apn',
        await this.failing(
          'apn',
          this.apn.send({ cert, key, passphrase: this.settings.get<string>(`${prefix}passphrase`), production }, device.token.apn, request),
        ),
      ];
    }
    const credentials = this.settings.get<string>('Push_google_api_credentials');
    if (!credentials.trim()) return ['fcm', 'rejected'];
    return ['fcm', await this.failing('fcm', this.fcm.send(credentials, fcmMessage(config, device.token.gcm)))];
  }

  private async failing(provider: string, outcome: Promise<DeliveryOutcome>): Promise<DeliveryOutcome> {
    try {
      return await outcome;
    } catch (error) {
      this.outcomes.inc({ provider, outcome: 'failed' });
      throw error;
    }
  }

  /** The gateway's `uniqueId` (Rocket.Chat sends its workspace's `uniqueID`): the site URL stands for it here. */
  uniqueId(): string {
    return this.settings.get<string>('Site_Url');
  }
}
