import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type BannerPlatform,
  type BannerViewInput,
  type IBanner,
  type RpcParsedRequest,
  type bannersCreate,
  type bannersUpdate,
} from '@rc/contracts';
import { BannerDismissalsRepository, BannersRepository, UsersRepository, type NewBanner } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import type * as UiKit from '@rocket.chat/ui-kit';
import { AccessService } from '../common/access.service.js';
import { asShown, datesProblem, isAddressedTo } from './banner-audience.js';

export const BANNER_CORE_APP_ID = 'banner-core';
const MANAGE_BANNERS = 'manage-banners';
/** Above this many users in a banner's roles, everyone is told to re-read (Rocket.Chat's `sendToUsers`). */
const DIRECT_DELIVERY_LIMIT = 100;

/** A banner to create internally (the NPS survey's) or through the administrator's route. */
export interface BannerDraft {
  _id?: string;
  platform: BannerPlatform[];
  startAt: Date;
  expireAt: Date;
  roles?: string[];
  createdBy: IBanner['createdBy'];
  view: Omit<UiKit.BannerView, 'viewId' | 'appId'> & { appId?: string };
  active?: boolean;
}

/**
 * Rocket.Chat's Banner service (`rocketchat_banner`, `rocketchat_banner_dismiss`): which banners a user sees,
 * dismissals kept server-side (so they hold on every device), and the announcements: `new-banner` (deprecated)
 * and `banner-changed` `{bannerId}` on stream-notify-logged, or the banner itself as `<uid>/banners` on
 * stream-notify-user to each user of its roles when they are few.
 */
@Injectable()
export class BannersService {
  constructor(
    private readonly banners: BannersRepository,
    private readonly dismissals: BannerDismissalsRepository,
    private readonly users: UsersRepository,
    private readonly access: AccessService,
    private readonly realtime: RealtimePublisher,
  ) {}

  async forUser(userId: string, platform: BannerPlatform, bannerId?: string): Promise<IBanner[]> {
    const roles = await this.rolesOf(userId);
    const banners = await this.banners.findActiveForRoles(roles, platform, new Date(), bannerId);
    const dismissed = await this.dismissals.dismissedBy(
      userId,
      banners.map(({ _id }) => _id),
    );
    return banners.filter(({ _id }) => !dismissed.has(_id)).map(asShown);
  }

  /** Whether the banner exists and is addressed to the user (dismissed or not). */
  async isFor(user: { roles: readonly string[] }, bannerId: string): Promise<boolean> {
    const banner = await this.banners.findById(bannerId);
    return banner !== null && isAddressedTo(banner, user.roles);
  }

  /** A user dismisses a banner meant for them; a banner addressed to other roles is not theirs to dismiss. */
  async dismiss(actor: Actor, bannerId: string): Promise<void> {
    const banner = await this.banners.findById(bannerId);
    if (!banner || !isAddressedTo(banner, await this.rolesOf(actor.userId))) throw bannerNotFound();
    await this.dismissals.dismiss({ _id: actor.userId, username: actor.username }, bannerId, new Date());
  }

  async createAsAdmin(actor: Actor, input: RpcParsedRequest<typeof bannersCreate>): Promise<IBanner> {
    await this.access.requirePermission(actor.userId, MANAGE_BANNERS);
    const { actor: _actor, view, ...fields } = input;
    return this.create({ ...fields, view: withTextTypes(view), createdBy: { _id: actor.userId, username: actor.username } });
  }

  /** Rocket.Chat's `Banner.create`: the view is routed to `banner-core` unless it names its app. */
  async create(draft: BannerDraft): Promise<IBanner> {
    const now = new Date();
    const problem = datesProblem(draft.startAt, draft.expireAt, now);
    if (problem) throw new DomainError(ErrorCode.InvalidBanner, problem);
    const _id = draft._id ?? randomUUID();
    if (await this.banners.findById(_id)) throw new DomainError(ErrorCode.InvalidBanner, `Banner ${_id} already exists`);
    const banner: NewBanner = {
      _id,
      platform: draft.platform,
      startAt: draft.startAt,
      expireAt: draft.expireAt,
      ...(draft.roles && { roles: draft.roles }),
      createdBy: draft.createdBy,
      createdAt: now,
      view: { ...draft.view, appId: draft.view.appId ?? BANNER_CORE_APP_ID, viewId: _id },
      active: draft.active ?? true,
      surface: 'banner',
    };
    const created = await this.banners.insert(banner);
    this.realtime.notifyLogged('new-banner', [{ bannerId: _id }]);
    await this.announce(created);
    return asShown(created);
  }

  async update(actor: Actor, input: RpcParsedRequest<typeof bannersUpdate>): Promise<IBanner> {
    await this.access.requirePermission(actor.userId, MANAGE_BANNERS);
    const current = await this.banners.findById(input.bannerId);
    if (!current) throw bannerNotFound();
    const startAt = input.startAt ?? current.startAt;
    const expireAt = input.expireAt ?? current.expireAt;
    if (startAt > expireAt) throw new DomainError(ErrorCode.InvalidBanner, 'Start date cannot be later than expire date');
    const updated = await this.banners.update(input.bannerId, {
      startAt,
      expireAt,
      ...(input.platform && { platform: input.platform }),
      ...(input.roles && { roles: input.roles }),
      ...(input.view && { view: { ...withTextTypes(input.view), appId: current.view.appId, viewId: current.view.viewId || current._id } }),
    });
    if (!updated) throw bannerNotFound();
    // Whoever shows it re-reads it (and drops it if it is no longer theirs).
    this.changed(updated._id);
    return asShown(updated);
  }

  async setActive(actor: Actor, bannerId: string, active: boolean): Promise<void> {
    await this.access.requirePermission(actor.userId, MANAGE_BANNERS);
    if (!(await this.banners.findById(bannerId))) throw bannerNotFound();
    if (active) {
      const enabled = await this.banners.enable(bannerId);
      if (enabled) await this.announce(enabled);
    } else if (await this.banners.disable(bannerId, new Date())) {
      this.changed(bannerId);
    }
  }

  /** Rocket.Chat's `discardDismissal`: the dismissals move to an inactive snapshot, so everyone sees the banner again. */
  async discardDismissal(actor: Actor, bannerId: string): Promise<void> {
    await this.access.requirePermission(actor.userId, MANAGE_BANNERS);
    const banner = await this.banners.findById(bannerId);
    if (!banner) throw bannerNotFound();
    const { _id, _updatedAt, ...copy } = banner;
    const snapshotId = randomUUID();
    await this.banners.insert({ ...copy, _id: snapshotId, view: { ...copy.view, viewId: snapshotId }, snapshot: _id, active: false });
    await this.dismissals.moveToBanner(_id, snapshotId);
    this.changed(_id);
  }

  private changed(bannerId: string): void {
    this.realtime.notifyLogged('banner-changed', [{ bannerId }]);
  }

  /** Rocket.Chat's `sendToUsers`: to everyone, or the banner itself to each of the few users of its roles. */
  private async announce(banner: IBanner): Promise<void> {
    if (banner.active === false) return;
    if (!banner.roles?.length) return this.changed(banner._id);
    const userIds = await this.users.findActiveIdsInRoles(banner.roles, DIRECT_DELIVERY_LIMIT + 1);
    if (userIds.length > DIRECT_DELIVERY_LIMIT) return this.changed(banner._id);
    const shown = asShown(banner);
    for (const userId of userIds) this.realtime.notifyUser(userId, 'banners', [shown]);
  }

  private async rolesOf(userId: string): Promise<string[]> {
    return (await this.users.findRolesById(userId))?.roles ?? [];
  }
}

const bannerNotFound = () => new DomainError(ErrorCode.BannerNotFound, 'Banner not found');

/** An administrator's view as ui-kit types it: its blocks were checked for their type, the client renders the rest. */
function withTextTypes(view: BannerViewInput): BannerDraft['view'] {
  return view as unknown as BannerDraft['view'];
}
