import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The built widget of Rocket.Chat's published `@rocket.chat/livechat` package. */
export function livechatWidgetDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@rocket.chat/livechat/package.json')), 'build');
}

/**
 * The widget's page with the server's address, as Rocket.Chat serves it (`SERVER_URL`, where the widget sends
 * its REST calls and opens its websocket). The address is the one the browser used; `<` is escaped so that no
 * Host header can close the script.
 */
export function widgetPage(template: string, serverUrl: string): string {
  const script = `<script>SERVER_URL = ${JSON.stringify(serverUrl).replace(/</g, '\\u003c')};</script>`;
  return template.replace('<head>', `<head>${script}`);
}

/**
 * `/livechat`: Rocket.Chat's Livechat widget: the embed script (`/livechat/rocketchat-livechat.min.js`) that a
 * web page loads, and the widget's page (`/livechat`, the iframe the script opens), whose relative `livechat/…`
 * assets resolve below `/livechat/`.
 */
export function serveLivechatWidget(app: NestExpressApplication): void {
  const dir = livechatWidgetDir();
  const template = readFileSync(join(dir, 'index.html'), 'utf8');
  app.use('/livechat', (request: Request, response: Response, next: NextFunction) => {
    if (request.path !== '/' || (request.method !== 'GET' && request.method !== 'HEAD')) return next();
    response
      .status(200)
      .setHeader('content-type', 'text/html; charset=utf-8')
      .setHeader('cache-control', 'no-store')
      .send(widgetPage(template, `${request.protocol}://${request.get('host') ?? 'localhost'}`));
  });
  app.useStaticAssets(dir, { prefix: '/livechat', redirect: false, index: false, maxAge: '1h' });
}
