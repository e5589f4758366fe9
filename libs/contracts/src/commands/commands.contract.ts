import { z } from 'zod';
import type { Params } from '../core/binding.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { fields, json, pagination, sort } from '../core/wire-params.js';
import { ActorField, EntityIdField, PaginationFields } from '../rooms/common-fields.js';

/** A slash command as Rocket.Chat's clients list it (`SlashCommand` without its callbacks). */
export interface SlashCommandInfo {
  command: string;
  /** The arguments' hint (an i18n key or text: `#channel`, `@username`, …). */
  params?: string;
  /** An i18n key of Rocket.Chat's client (`Join_the_given_channel`, …). */
  description?: string;
  /** Permissions of which the caller needs one (in the room the command runs in). */
  permission?: string | string[];
  /** Run by the client alone (`/logout`): the server refuses to run it. */
  clientOnly: boolean;
  providesPreview: boolean;
  appId?: string;
}

/** A preview item of a command that provides previews (Rocket.Chat's `SlashCommandPreviewItem`). */
export interface SlashCommandPreviewItem {
  id: string;
  type: 'image' | 'video' | 'audio' | 'text' | 'other';
  value: string;
}

export interface SlashCommandPreviews {
  i18nTitle: string;
  items: SlashCommandPreviewItem[];
}

/** A command's name: one word, as typed after the slash (case-insensitive). */
const CommandNameField = z.string().trim().min(1).max(64);
/** Everything typed after the command's name. */
const CommandParamsField = z.string().max(5000);

const CommandKey = z.enum(['command', 'params', 'description', 'permission', 'clientOnly', 'providesPreview', 'appId']);

/**
 * `GET commands.list` (both clients at start-up): every command of the registry, paginated, sorted by Rocket.Chat's
 * JSON `sort` (by `command` by default), filtered by `query={"command": "join"}`, projected by `fields`.
 */
export const commandsList = defineRpc({
  subject: 'commands.list',
  request: z.strictObject({
    actor: ActorField,
    ...PaginationFields,
    sort: z.partialRecord(CommandKey, z.union([z.literal(1), z.literal(-1)])).optional(),
    query: z.partialRecord(z.enum(['command', 'appId']), z.string().max(64)).optional(),
    fields: z.partialRecord(CommandKey, z.union([z.literal(0), z.literal(1)])).optional(),
  }),
  response: as<{ commands: Partial<SlashCommandInfo>[]; appsLoaded: true; offset: number; count: number; total: number }>(),
}).get('commands.list', {
  request: ({ query, actor }) => ({
    actor,
    ...pagination(query),
    sort: sort(query.sort),
    query: json(query.query, 'query'),
    fields: json(query.fields, 'fields'),
  }),
});

/** `GET commands.get?command=join`. */
export const commandsGet = defineRpc({
  subject: 'commands.get',
  request: z.strictObject({ actor: ActorField, command: CommandNameField }),
  response: as<{ command: SlashCommandInfo }>(),
}).get('commands.get', { request: ({ query, actor }) => ({ actor, command: query.command }) });

/** Where a command runs: the room it was typed in (and the thread). */
const CommandContext = {
  actor: ActorField,
  command: CommandNameField,
  params: CommandParamsField.default(''),
  roomId: EntityIdField,
  tmid: EntityIdField.optional(),
  triggerId: z.string().max(64).optional(),
};

/** The DDP methods' `{cmd, params, msg: {rid, tmid}, triggerId}`. */
function ddpCommand(arg: unknown) {
  const { cmd, params, msg, triggerId } = fields(arg);
  const { rid, tmid } = fields(msg);
  return { command: cmd, params: params ?? undefined, roomId: rid, tmid: tmid ?? undefined, triggerId: triggerId ?? undefined };
}

/** The same context from a REST body (`commands.run`, `POST commands.preview`). */
function restCommand(body: Params) {
  const { command, params, roomId, tmid, triggerId } = body;
  return { command, params: params ?? undefined, roomId, tmid: tmid ?? undefined, triggerId: triggerId ?? undefined };
}

/**
 * `POST commands.run` and DDP `slashCommand`: runs a command in a room the caller can access. Its errors and
 * answers reach the caller alone, as ephemeral messages (stream-notify-user `<uid>/message`).
 */
export const commandsRun = defineRpc({
  subject: 'commands.run',
  request: z.strictObject(CommandContext),
  response: as<{ result?: unknown }>(),
})
  .post('commands.run', {
    request: ({ body, actor }) => ({ actor, ...restCommand(body) }),
  })
  .method('slashCommand', { request: ([command], { actor }) => ({ actor, ...ddpCommand(command) }), reply: ({ result }) => result });

/** `GET commands.preview` and DDP `getSlashCommandPreviews`: a command's previews for what was typed so far. */
export const commandsPreview = defineRpc({
  subject: 'commands.preview',
  request: z.strictObject({
    actor: ActorField,
    command: CommandNameField,
    params: CommandParamsField.default(''),
    roomId: EntityIdField,
  }),
  response: as<{ preview?: SlashCommandPreviews }>(),
})
  .get('commands.preview', {
    request: ({ query, actor }) => ({ actor, command: query.command, params: query.params, roomId: query.roomId }),
    reply: ({ preview }) => ({ preview: preview ?? { i18nTitle: '', items: [] } }),
  })
  .method('getSlashCommandPreviews', {
    request: ([command], { actor }) => {
      const { command: name, params, roomId } = ddpCommand(command);
      return { actor, command: name, params, roomId };
    },
    reply: ({ preview }) => preview,
  });

const PreviewItemField = z.strictObject({
  id: z.string().min(1).max(256),
  type: z.enum(['image', 'video', 'audio', 'text', 'other']),
  value: z.string().max(5000),
});

/** `POST commands.preview` and DDP `executeSlashCommandPreview`: runs the preview item the user picked. */
export const commandsExecutePreview = defineRpc({
  subject: 'commands.executePreview',
  request: z.strictObject({ ...CommandContext, previewItem: PreviewItemField }),
  response: as<{ ok: true }>(),
})
  .post('commands.preview', {
    request: ({ body, actor }) => ({ actor, ...restCommand(body), previewItem: body.previewItem }),
    reply: () => ({}),
  })
  .method('executeSlashCommandPreview', {
    request: ([command, previewItem], { actor }) => ({ actor, ...ddpCommand(command), previewItem }),
    reply: () => undefined,
  });
