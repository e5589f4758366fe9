import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  messagesDelete,
  messagesLoadHistory,
  messagesReact,
  messagesSend,
  messagesUpdate,
  OutgoingMessageField,
  subscriptionsRead,
  type UpdateMessageRequest,
} from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { z } from 'zod';
import type { UserMethodContext } from './method-context.js';
import { args, defineMethod, MethodRegistry } from './method-registry.js';
import { PermissionCache } from './permission-cache.js';

const actorOf = (ctx: UserMethodContext) => ({ userId: ctx.userId, username: ctx.username });

/** A message object from a client: only the fields the server accepts are passed on (and checked there). */
const MessageObject = z.record(z.string(), z.unknown());
const ACCEPTED_FIELDS = new Set(Object.keys(OutgoingMessageField.shape));
const acceptedFieldsOf = (message: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(message).filter(([field]) => ACCEPTED_FIELDS.has(field)));

/** A date argument as clients send it: a Date (EJSON), a date string, or nothing. */
const OptionalDate = z
  .union([z.date(), z.string().max(64), z.number(), z.null()])
  .optional()
  .transform((value) => {
    if (value === null || value === undefined) return undefined;
    const date = value instanceof Date ? value : new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  });

/** Rocket.Chat's message methods, mapped to the messaging service. */
@Injectable()
export class MessageMethods implements OnModuleInit {
  constructor(
    private readonly registry: MethodRegistry,
    private readonly rpc: RpcClient,
    private readonly permissions: PermissionCache,
  ) {}

  onModuleInit(): void {
    this.registry.register(
      defineMethod({
        name: 'sendMessage',
        params: args(MessageObject, z.array(z.string().max(2048)).max(20).optional()),
        run: (ctx, [message, previewUrls]) =>
          this.rpc.request(messagesSend, {
            actor: actorOf(ctx),
            message: acceptedFieldsOf(message) as z.input<typeof OutgoingMessageField>,
            ...(previewUrls && { previewUrls }),
          }),
      }),
      defineMethod({
        name: 'updateMessage',
        params: args(
          z
            .object({ _id: z.string(), rid: z.string().optional(), msg: z.string().optional(), customFields: z.unknown().optional() })
            .passthrough(),
        ),
        run: async (ctx, [message]) => {
          await this.rpc.request(messagesUpdate, {
            actor: actorOf(ctx),
            msgId: message._id,
            ...(message.rid && { roomId: message.rid }),
            text: message.msg ?? '',
            ...(message.customFields !== undefined && {
              customFields: message.customFields as z.input<typeof UpdateMessageRequest>['customFields'],
            }),
          });
          return undefined;
        },
      }),
      defineMethod({
        name: 'deleteMessage',
        params: args(z.object({ _id: z.string() }).passthrough()),
        run: async (ctx, [message]) => {
          await this.rpc.request(messagesDelete, { actor: actorOf(ctx), msgId: message._id });
          return undefined;
        },
      }),
      defineMethod({
        name: 'loadHistory',
        params: args(z.string(), OptionalDate, z.number().int().min(0).nullish(), OptionalDate, z.boolean().nullish()),
        run: (ctx, [rid, end, limit, ls, showThreadMessages]) =>
          this.rpc.request(messagesLoadHistory, {
            actor: actorOf(ctx),
            rid,
            ...(end && { end }),
            ...(typeof limit === 'number' && { limit: Math.min(limit, 1000) }),
            ...(ls && { ls }),
            ...(typeof showThreadMessages === 'boolean' && { showThreadMessages }),
          }),
      }),
      defineMethod({
        name: 'readMessages',
        params: args(z.string(), z.boolean().nullish()),
        run: async (ctx, [rid, readThreads]) => {
          await this.rpc.request(subscriptionsRead, { actor: actorOf(ctx), rid, readThreads: readThreads ?? false });
          return undefined;
        },
      }),
      defineMethod({
        name: 'setReaction',
        params: args(z.string(), z.string(), z.boolean().nullish()),
        run: async (ctx, [reaction, messageId, shouldReact]) => {
          await this.rpc.request(messagesReact, {
            actor: actorOf(ctx),
            messageId,
            emoji: reaction,
            ...(typeof shouldReact === 'boolean' && { shouldReact }),
          });
          return undefined;
        },
      }),
    );
    // Bots and other holders of `send-many-messages` are not held to sendMessage's own rate limit.
    const sendsMany = (ctx: { userId?: string }) => this.permissions.has(ctx.userId!, 'send-many-messages');
    this.registry.exemptFromOwnRateLimit('sendMessage', sendsMany);
    this.registry.exemptFromOwnRateLimit('createDirectMessage', sendsMany);
  }
}
