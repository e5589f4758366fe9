import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { date } from '../core/wire-params.js';
import type { Params } from '../core/binding.js';
import { ActorField } from '../rooms/common-fields.js';
import type { IBanner } from '../typings/banner.js';
import { BannerAudienceFields, BannerIdField, BannerPlatformField, BannerViewField } from './banner-fields.js';

/**
 * The banners a user is shown on a platform (Rocket.Chat's `Banner.getBannersForUser`): active, started, not
 * expired, for one of the user's roles (or everyone), and not dismissed by them. `GET banners` (the web client's
 * start-up), `GET banners/:id` (after `banner-changed`), and the deprecated `GET banners.getNew` (`bid`).
 */
export const bannersForUser = defineRpc({
  subject: 'banners.forUser',
  request: z.strictObject({ actor: ActorField, platform: BannerPlatformField, bannerId: BannerIdField.optional() }),
  response: as<{ banners: IBanner[] }>(),
})
  .get('banners', { request: ({ query, actor }) => ({ actor, platform: query.platform }) })
  .get('banners/:id', { request: ({ query, params, actor }) => ({ actor, platform: query.platform, bannerId: params.id }) })
  .get('banners.getNew', { request: ({ query, actor }) => ({ actor, platform: query.platform, bannerId: query.bid ?? undefined }) });

/** `POST banners.dismiss`: the caller dismisses a banner for themselves, on every device. */
export const bannersDismiss = defineRpc({
  subject: 'banners.dismiss',
  request: z.strictObject({ actor: ActorField, bannerId: BannerIdField }),
  response: as<{ ok: true }>(),
}).post('banners.dismiss', { request: ({ body, actor }) => ({ actor, bannerId: body.bannerId }), reply: () => ({}) });

// ── administration (Rocket.Chat creates banners internally; here an administrator may too: `manage-banners`) ──

const audience = (body: Params) => ({
  platform: body.platform,
  startAt: date(body.startAt),
  expireAt: date(body.expireAt),
  roles: body.roles,
});

/** `POST banners.create`: a new banner, active unless `active: false`; announced to its audience at once. */
export const bannersCreate = defineRpc({
  subject: 'banners.create',
  request: z.strictObject({
    actor: ActorField,
    _id: BannerIdField.optional(),
    ...BannerAudienceFields,
    view: BannerViewField,
    active: z.boolean().optional(),
  }),
  response: as<{ banner: IBanner }>(),
}).post('banners.create', {
  request: ({ body, actor }) => ({ actor, _id: body._id, ...audience(body), view: body.view, active: body.active }),
});

/** `POST banners.update`: edits a banner's audience, dates or view (its dismissals stay). */
export const bannersUpdate = defineRpc({
  subject: 'banners.update',
  request: z.strictObject({
    actor: ActorField,
    bannerId: BannerIdField,
    platform: BannerAudienceFields.platform.optional(),
    startAt: z.date().optional(),
    expireAt: z.date().optional(),
    roles: BannerAudienceFields.roles,
    view: BannerViewField.optional(),
  }),
  response: as<{ banner: IBanner }>(),
}).post('banners.update', {
  request: ({ body, actor }) => ({
    actor,
    bannerId: body.bannerId,
    platform: body.platform,
    startAt: body.startAt === undefined ? undefined : date(body.startAt),
    expireAt: body.expireAt === undefined ? undefined : date(body.expireAt),
    roles: body.roles,
    view: body.view,
  }),
});

const BannerActionRequest = z.strictObject({ actor: ActorField, bannerId: BannerIdField });

/** `POST banners.enable` / `banners.disable` (Rocket.Chat's `Banner.enable` / `disable`): `banner-changed` to its audience. */
export const bannersSetActive = defineRpc({
  subject: 'banners.setActive',
  request: BannerActionRequest.extend({ active: z.boolean() }),
  response: as<{ ok: true }>(),
})
  .post('banners.enable', { request: ({ body, actor }) => ({ actor, bannerId: body.bannerId, active: true }), reply: () => ({}) })
  .post('banners.disable', { request: ({ body, actor }) => ({ actor, bannerId: body.bannerId, active: false }), reply: () => ({}) });

/**
 * `POST banners.discardDismissal` (Rocket.Chat's `Banner.discardDismissal`): everyone who dismissed the banner
 * sees it again; their dismissals move to an inactive snapshot of it.
 */
export const bannersDiscardDismissal = defineRpc({
  subject: 'banners.discardDismissal',
  request: BannerActionRequest,
  response: as<{ ok: true }>(),
}).post('banners.discardDismissal', { request: ({ body, actor }) => ({ actor, bannerId: body.bannerId }), reply: () => ({}) });
