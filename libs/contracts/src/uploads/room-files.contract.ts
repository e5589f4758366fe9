import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { Params } from '../core/binding.js';
import { json, page, pagination, roomSelector, sort } from '../core/wire-params.js';
import { ActorField, EntityIdField, PaginationFields, RoomSelectorFields, SortField, type Page } from '../rooms/common-fields.js';
import { familyOf, familyPaths } from '../rooms/room-families.js';
import type { IUpload } from '../typings/upload.js';

/** A file as the lists show it: the upload with its uploader (Rocket.Chat's `addUserObjectToEveryObject`). */
export type ListedFile = IUpload & { user?: { _id: string; username?: string; name?: string } };

/** What a file list may be narrowed by: a name (substring, case-insensitive), a type group, an exact type. */
export const FileFilterFields = {
  name: z.string().max(256).optional(),
  typeGroup: z.string().max(32).optional(),
  type: z.string().max(255).optional(),
};

/**
 * The filter from the query string: `name`, `typeGroup`, `type`, or Rocket.Chat's JSON `query` restricted to
 * those keys (`{"name":{"$regex":"rep","$options":"i"}}`, `{"typeGroup":"image"}`).
 */
function fileFilter(query: Params): Record<string, unknown> {
  const parsed = json(query.query, 'query') as Record<string, unknown> | undefined;
  const fromJson = (key: string): unknown => {
    const value = parsed?.[key];
    return value && typeof value === 'object' && '$regex' in value ? value.$regex : value;
  };
  return {
    name: query.name ?? fromJson('name'),
    typeGroup: query.typeGroup ?? fromJson('typeGroup'),
    type: query.type ?? fromJson('type'),
  };
}

/** Rocket.Chat's `fields` projection: field names, each 1 (only these) or 0 (all but these). */
export const ProjectionField = z.record(
  z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/, 'expected a field name')
    .max(64),
  z.union([z.literal(0), z.literal(1)]),
);

/**
 * `channels.files`, `groups.files`, `im.files`: a room's posted files, newest first, or in Rocket.Chat's JSON
 * `sort` (`{"name": 1}`); `fields` projects them (`{"name": 1, "size": 1}`).
 */
export const uploadsList = defineRpc({
  subject: 'uploads.list',
  request: z.strictObject({
    actor: ActorField,
    ...RoomSelectorFields,
    ...FileFilterFields,
    ...PaginationFields,
    sort: SortField.optional(),
    fields: ProjectionField.optional(),
  }),
  response: as<Page<ListedFile>>(),
}).get(familyPaths('files', ['channels', 'groups', 'im', 'dm']), {
  request: ({ path, query, actor }) => {
    const filter = fileFilter(query);
    return {
      actor,
      ...roomSelector(query, familyOf(path).t),
      name: filter.name,
      typeGroup: filter.typeGroup,
      type: filter.type,
      ...pagination(query),
      sort: sort(query.sort),
      fields: json(query.fields, 'fields'),
    };
  },
  reply: (result) => page('files', result),
});

/** `rooms.images`: a room's images, newest first (`startingFromId`: from that one on, for a gallery). */
export const uploadsImages = defineRpc({
  subject: 'uploads.images',
  request: z.strictObject({ actor: ActorField, roomId: EntityIdField, startingFromId: EntityIdField.optional(), ...PaginationFields }),
  response: as<Page<ListedFile>>(),
}).get('rooms.images', {
  request: ({ query, actor }) => ({ actor, roomId: query.roomId, startingFromId: query.startingFromId, ...pagination(query) }),
  reply: (result) => page('files', result),
});
