import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '@rc/platform';
import http2, { type ClientHttp2Session } from 'node:http2';
import type { CoreConfig } from '../../core.env.js';
import { RetryableDeliveryError, type DeliveryOutcome } from './delivery.js';

/** The server's APNs certificate (Rocket.Chat's `Push_apn_cert` / `Push_apn_key` / `Push_apn_passphrase`, or the dev ones). */
export interface ApnCredentials {
  cert: string;
  key: string;
  passphrase?: string;
  production: boolean;
}

/**
 * APNs over HTTP/2 (node's http2) with the server's certificate: `POST /3/device/<token>` on
 * api.push.apple.com (api.sandbox.push.apple.com when `Push_production` is off), one session per host and
 * certificate, reopened when it closes. 400 (`BadDeviceToken`) and 410 (`Unregistered`): the token is dead,
 * as Rocket.Chat removes it; 429 and 5xx are retried; other refusals are not.
 */
@Injectable()
export class ApnProvider implements OnModuleDestroy {
  private session?: { key: string; session: ClientHttp2Session };

  constructor(@Inject(APP_CONFIG) private readonly config: CoreConfig) {}

  onModuleDestroy(): void {
    this.session?.session.close();
  }

  async send(
    credentials: ApnCredentials,
    deviceToken: string,
    request: { headers: Record<string, string>; body: Record<string, unknown> },
  ): Promise<DeliveryOutcome> {
    const session = this.sessionFor(credentials);
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const stream = session.request({
        ':method': 'POST',
        ':path': `/3/device/${encodeURIComponent(deviceToken)}`,
        'content-type': 'application/json',
        ...request.headers,
      });
      let status = 0;
      let text = '';
      stream.setTimeout(10_000, () => stream.close(http2.constants.NGHTTP2_CANCEL));
      stream.on('response', (headers) => (status = Number(headers[':status'])));
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (text += chunk));
      stream.on('end', () => resolve({ status, text }));
      stream.on('error', (error: Error) => reject(new RetryableDeliveryError(`APNs: ${error.message}`)));
      stream.on('close', () => status === 0 && reject(new RetryableDeliveryError('APNs: stream closed without an answer')));
      stream.end(JSON.stringify(request.body));
    });
    if (status === 200) return 'sent';
    if (status === 400 || status === 410) {
      const reason = (JSON.parse(text || '{}') as { reason?: string }).reason;
      // A 400 for the payload (not the token) is a refusal, not a dead token.
      return status === 410 || reason === 'BadDeviceToken' || reason === 'DeviceTokenNotForTopic' ? 'invalid-token' : 'rejected';
    }
    if (status === 429 || status >= 500) throw new RetryableDeliveryError(`APNs answered ${status}: ${text.slice(0, 200)}`);
    return 'rejected';
  }

  private sessionFor(credentials: ApnCredentials): ClientHttp2Session {
    const origin =
      this.config.PUSH_APN_URL || (credentials.production ? 'https://api.push.apple.com' : 'https://api.sandbox.push.apple.com');
    const key = `${origin}|${credentials.cert}|${credentials.key}`;
    if (this.session?.key === key && !this.session.session.closed && !this.session.session.destroyed) return this.session.session;
    this.session?.session.close();
    let session: ClientHttp2Session;
    try {
      session = http2.connect(origin, { cert: credentials.cert, key: credentials.key, passphrase: credentials.passphrase || undefined });
    } catch (error) {
      throw new RetryableDeliveryError(`APNs: ${(error as Error).message}`);
    }
    session.on('error', () => session.destroy());
    session.on('close', () => {
      if (this.session?.session === session) this.session = undefined;
    });
    session.unref();
    this.session = { key, session };
    return session;
  }
}
