import type * as UiKit from '@rocket.chat/ui-kit';

/** Where a banner is shown (Rocket.Chat's `BannerPlatform`). */
export const BANNER_PLATFORMS = ['web', 'mobile'] as const;
export type BannerPlatform = (typeof BANNER_PLATFORMS)[number];

/** `rocketchat_banner`: an announcement shown to chosen roles on chosen platforms between two dates. */
export interface IBanner {
  _id: string;
  platform: BannerPlatform[];
  startAt: Date;
  expireAt: Date;
  /** Only users holding one of these roles see it; absent: everyone. */
  roles?: string[];
  createdBy: { _id: string; username?: string } | 'cloud' | 'system';
  createdAt: Date;
  /** A UI Kit banner view; its `appId` routes the banner's interactions (`banner-core`, `nps-core`). */
  view: UiKit.BannerView;
  active?: boolean;
  inactivedAt?: Date;
  /** A copy kept by `discardDismissal`: the id of the banner whose dismissals it now holds. */
  snapshot?: string;
  surface?: 'banner' | 'modal';
  _updatedAt: Date;
}

/** `rocketchat_banner_dismiss`: one user's dismissal of one banner, kept server-side so it holds on every device. */
export interface IBannerDismiss {
  _id: string;
  userId: string;
  bannerId: string;
  dismissedAt: Date;
  dismissedBy: { _id: string; username?: string };
  _updatedAt: Date;
}
