import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { fields } from '../core/wire-params.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';

/**
 * Rocket.Chat's message search through its search provider (`rocketchatSearch.*`, the web client's search
 * tab): the default provider, which runs `messageSearch` with Rocket.Chat's query syntax (`from:`, `has:star`,
 * `is:pinned`, `before:` / `after:` / `on:`, …) in one room, or in every room of the caller when the
 * provider's global search is on.
 */

/** The active provider as `rocketchatSearch.getProvider` describes it. */
export interface MessageSearchProvider {
  key: string;
  description: string;
  icon: string;
  resultTemplate: string;
  supportsSuggestions: boolean;
  suggestionItemTemplate: string;
  settings: Record<string, unknown>;
}

/** A message found, as Rocket.Chat's result validation returns it: with its room and author. */
export type MessageSearchHit = IMessage & { user: string; username?: string; r: { name?: string; t: string }; valid: true };

/** `{message: {docs}}`; no `message` when the room asked for is not readable by the caller. */
export interface MessageSearchResult {
  message?: { docs: MessageSearchHit[] };
}

const SearchTextField = z.string().max(1024);

/** `rocketchatSearch.getProvider()`. */
export const messageSearchProvider = defineRpc({
  subject: 'messageSearch.provider',
  request: z.strictObject({ actor: ActorField }),
  response: as<MessageSearchProvider>(),
}).method('rocketchatSearch.getProvider', { request: (_args, { actor }) => ({ actor }) });

/**
 * `rocketchatSearch.search(text, {rid, uid}, {limit, searchAll})`: the default provider's search, `limit`
 * defaulting to the provider's page size.
 */
export const messageSearchSearch = defineRpc({
  subject: 'messageSearch.search',
  request: z.strictObject({
    actor: ActorField,
    text: SearchTextField,
    rid: EntityIdField.optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    searchAll: z.boolean().default(false),
  }),
  response: as<MessageSearchResult>(),
}).method('rocketchatSearch.search', {
  request: ([text, context, payload], { actor }) => {
    const { rid } = fields(context);
    const { limit, searchAll } = fields(payload);
    return { actor, text, rid: rid ?? undefined, limit: limit ?? undefined, searchAll: searchAll ?? undefined };
  },
});

/** `rocketchatSearch.suggest(text, context, payload)`: the default provider makes no suggestions (`[]`). */
export const messageSearchSuggest = defineRpc({
  subject: 'messageSearch.suggest',
  request: z.strictObject({ actor: ActorField, text: SearchTextField }),
  response: as<Array<{ text: string }>>(),
}).method('rocketchatSearch.suggest', { request: ([text], { actor }) => ({ actor, text }) });

/**
 * Meteor `messageSearch(text, rid, limit, offset)`: the search the default provider runs, `{message: {docs}}`
 * (the raw messages), or `false` for a room the caller cannot read.
 */
export const messageSearchRaw = defineRpc({
  subject: 'messageSearch.raw',
  request: z.strictObject({
    actor: ActorField,
    text: SearchTextField,
    rid: EntityIdField.optional(),
    limit: z.number().int().min(0).max(1000).optional(),
    offset: z.number().int().min(0).max(1_000_000).default(0),
  }),
  response: as<{ message: { docs: IMessage[] } } | false>(),
}).method('messageSearch', {
  request: ([text, rid, limit, offset], { actor }) => ({
    actor,
    text,
    rid: rid ?? undefined,
    limit: limit ?? undefined,
    offset: offset ?? undefined,
  }),
});
