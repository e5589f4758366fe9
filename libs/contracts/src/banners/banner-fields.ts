import { z } from 'zod';
import { BANNER_PLATFORMS } from '../typings/banner.js';

export const BannerIdField = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a banner id');
export const BannerPlatformField = z.enum(BANNER_PLATFORMS);

const PlainTextField = z.strictObject({ type: z.literal('plain_text'), text: z.string().max(2000), emoji: z.boolean().optional() });
const TextObjectField = z.strictObject({
  type: z.enum(['plain_text', 'mrkdwn']),
  text: z.string().max(5000),
  emoji: z.boolean().optional(),
});

/** The layout blocks a banner surface renders (ui-kit's `BannerSurfaceLayout`); each block's inner shape is the client's to render. */
const BannerBlockField = z.looseObject({
  type: z.enum(['actions', 'context', 'divider', 'image', 'input', 'section', 'callout']),
  blockId: z.string().max(256).optional(),
  text: TextObjectField.optional(),
});

/**
 * A banner's UI Kit view as an administrator writes it (ui-kit's `BannerView` without `appId` and `viewId`,
 * which the Banner service sets: `banner-core` and the banner's id).
 */
export const BannerViewField = z.strictObject({
  blocks: z.array(BannerBlockField).min(1).max(50),
  title: z.union([z.string().max(500), TextObjectField]).optional(),
  variant: z.enum(['neutral', 'info', 'success', 'warning', 'danger']).optional(),
  icon: z.string().max(64).optional(),
  inline: z.boolean().optional(),
});
export type BannerViewInput = z.infer<typeof BannerViewField>;

export const PlainTextObject = PlainTextField;

/** Who sees a banner, where and when. */
export const BannerAudienceFields = {
  platform: z.array(BannerPlatformField).min(1).max(2),
  startAt: z.date(),
  expireAt: z.date(),
  roles: z.array(z.string().min(1).max(64)).max(100).optional(),
};
