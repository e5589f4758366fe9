import { Injectable, Logger } from '@nestjs/common';
import { postJson, RetryableDeliveryError, type DeliveryOutcome } from './delivery.js';

/**
 * Rocket.Chat's push gateway protocol: `POST <Push_gateway>/push/<apn|gcm>/send` with `{token, options}`.
 * 406: the token is dead; 422 and 401: refused, not retried; another failure is retried.
 */
@Injectable()
export class GatewayProvider {
  private readonly logger = new Logger(GatewayProvider.name);

  async send(gateway: string, service: 'apn' | 'gcm', body: { token: string; options: Record<string, unknown> }): Promise<DeliveryOutcome> {
    const url = `${gateway.replace(/\/+$/, '')}/push/${service}/send`;
    const { status, text } = await postJson(url, body);
    if (status >= 200 && status < 300) return 'sent';
    if (status === 406) return 'invalid-token';
    if (status === 422 || status === 401) {
      this.logger.warn(`push gateway refused the notification (${status}), not retrying: ${text.slice(0, 200)}`);
      return 'rejected';
    }
    throw new RetryableDeliveryError(`push gateway answered ${status}: ${text.slice(0, 200)}`);
  }
}
