import type { NestExpressApplication } from '@nestjs/platform-express';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The built widget of Rocket.Chat's published `@rocket.chat/livechat` package. */
export function livechatWidgetDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@rocket.chat/livechat/package.json')), 'build');
}

/**
 * `/livechat`: Rocket.Chat's Livechat widget, as Rocket.Chat serves it: the embed script
 * (`/livechat/rocketchat-livechat.min.js`) that a web page loads, and the widget's page (`/livechat`, the
 * iframe the script opens), whose relative `livechat/…` assets resolve below `/livechat/`. The page itself is
 * answered at `/livechat` without a redirect to `/livechat/` (which would move those relative assets).
 */
export function serveLivechatWidget(app: NestExpressApplication): void {
  app.useStaticAssets(livechatWidgetDir(), { prefix: '/livechat', redirect: false, index: 'index.html', maxAge: '1h' });
}
