import { Injectable } from '@nestjs/common';
import { DomainError, messagesPost, type IMessage } from '@rc/contracts';
import { PostMessageService } from '../messaging/post-message.service.js';

/** The integration's own defaults: its channels, alias, avatar and emoji. */
export interface WebhookDefaults {
  channel: string | string[];
  alias?: string;
  avatar?: string;
  emoji?: string;
}

export type WebhookResponse = { channel: string; message: IMessage } | { channel: string; error: string };

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/**
 * Rocket.Chat's `processWebhookMessage`: a webhook body (`text` or `msg`, `attachments`, `alias` or `username`,
 * `avatar` or `icon_url`, `emoji` or `icon_emoji`, `channel` or `roomId`, `tmid`, …) posted as the integration's
 * user to each of its channels (`#room`, `@user`, or a room id), with `bot: {i}`. The body's values are checked by
 * chat.postMessage's own schema, so a webhook cannot store what a client could not.
 */
@Injectable()
export class WebhookMessageService {
  constructor(private readonly poster: PostMessageService) {}

  async post(
    user: { _id: string; username: string },
    body: Record<string, unknown>,
    defaults: WebhookDefaults,
    integrationId: string,
    options: { separateResponse?: boolean } = {},
  ): Promise<WebhookResponse[]> {
    const target = body.channel ?? body.roomId ?? defaults.channel;
    const channels = [...new Set((Array.isArray(target) ? target : typeof target === 'string' ? target.split(',') : [target]).map(String))]
      .map((one) => one.trim())
      .filter((one) => one !== '');
    const visual =
      !isEmpty(body.icon_url) || !isEmpty(body.avatar)
        ? { avatar: body.icon_url ?? body.avatar }
        : !isEmpty(body.icon_emoji) || !isEmpty(body.emoji)
          ? { emoji: body.icon_emoji ?? body.emoji }
          : !isEmpty(defaults.avatar)
            ? { avatar: defaults.avatar }
            : !isEmpty(defaults.emoji)
              ? { emoji: defaults.emoji }
              : {};
    const responses: WebhookResponse[] = [];
    for (const channel of channels) {
      const parsed = messagesPost.request.safeParse({
        actor: { userId: user._id, username: user.username },
        channel,
        text: body.text ?? body.msg ?? '',
        alias: body.username ?? body.alias ?? (isEmpty(defaults.alias) ? undefined : defaults.alias),
        ...visual,
        attachments: body.attachments ?? undefined,
        tmid: body.tmid ?? undefined,
        parseUrls: body.parseUrls ?? !body.attachments,
        groupable: body.groupable ?? false,
        customFields: body.customFields ?? undefined,
      });
      try {
        if (!parsed.success) {
          const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
          throw new Error(`Invalid webhook message: ${fields}`);
        }
        responses.push(await this.poster.post(parsed.data, { bot: { i: integrationId } }));
      } catch (error) {
        // A bare refusal's text is its reason; an id without one reads `[id]`, as Rocket.Chat's `e.message`.
        const reason =
          error instanceof DomainError ? error.reason || error.message : error instanceof Error ? error.message : String(error);
        if (!options.separateResponse) throw new Error(reason, { cause: error });
        responses.push({ channel, error: reason });
      }
    }
    return responses;
  }
}
