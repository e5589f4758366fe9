import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type BusinessHourInput, type ILivechatBusinessHour } from '@rc/contracts';
import { LivechatBusinessHoursRepository, UsersRepository } from '@rc/models';
import { PermissionChecker } from '@rc/permissions';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import type { z } from 'zod';
import { RoutingService } from '../routing/routing.service.js';
import { defaultWorkHours, isOpenAt, isTimezone, utcOffsetLabel, workDay } from './work-hours.js';

const PERMISSION = 'view-livechat-business-hours';
const serverZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const time = (value: string | { time: string }) => (typeof value === 'string' ? value : value.time);

/**
 * Rocket.Chat's default business hour (`Livechat_enable_business_hours`, type `Single`): while it is closed,
 * available agents become unavailable (`statusLivechat`, marked as the system's change) and cannot make
 * themselves available; when it opens (or the setting is turned off), those agents are available again.
 * Every instance applies it on its sweep; the writes are idempotent.
 */
@Injectable()
export class BusinessHoursService implements OnModuleInit {
  /** This instance made agents unavailable that are not given back yet. */
  closedAgents = false;

  constructor(
    private readonly settings: SettingsCache,
    private readonly permissions: PermissionChecker,
    private readonly hours: LivechatBusinessHoursRepository,
    private readonly users: UsersRepository,
    private readonly realtime: RealtimePublisher,
    private readonly routing: RoutingService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.defaultHours();
  }

  private defaultHours(): Promise<ILivechatBusinessHour> {
    const now = new Date();
    const zone = serverZone();
    return this.hours.ensureDefault({
      name: '',
      active: true,
      timezone: { name: zone, utc: utcOffsetLabel(zone, now) },
      workHours: defaultWorkHours(zone, now),
      ts: now,
    });
  }

  private async require(actor: Actor): Promise<void> {
    if (!(await this.permissions.check(actor.userId, [PERMISSION]))) {
      throw new DomainError(ErrorCode.Unauthorized, 'User does not have the permissions required for this action');
    }
  }

  get enabled(): boolean {
    return this.settings.get<boolean>('Livechat_enable_business_hours') === true;
  }

  /** Whether agents may serve now: always when business hours are off. */
  async isOpenNow(): Promise<boolean> {
    if (!this.enabled) return true;
    return isOpenAt(await this.defaultHours(), new Date());
  }

  async get(actor: Actor, id: string | undefined, type: string | undefined): Promise<{ businessHour: ILivechatBusinessHour | null }> {
    await this.require(actor);
    // Custom business hours are Rocket.Chat Enterprise's: without a licence no such type is registered (null).
    if (type === 'custom') return { businessHour: null };
    if (type === 'default' || !id) return { businessHour: await this.defaultHours() };
    return { businessHour: await this.hours.findById(id) };
  }

  async list(actor: Actor, name: string | undefined, offset: number, count: number) {
    await this.require(actor);
    await this.defaultHours();
    const { items, total } = await this.hours.page({ name }, offset, count);
    return { businessHours: items, count: items.length, offset, total };
  }

  /** `livechat:saveBusinessHour`: the default business hour's days, times, timezone; applied at once. */
  async save(actor: Actor, input: z.infer<typeof BusinessHourInput>): Promise<{ businessHour: ILivechatBusinessHour }> {
    await this.require(actor);
    const current = await this.defaultHours();
    if (input.type === 'custom' || (input._id && input._id !== current._id)) {
      throw new DomainError(
        ErrorCode.LivechatInvalidBusinessHour,
        'Only the default business hour is supported (custom business hours are Rocket.Chat Enterprise)',
      );
    }
    const zone =
      input.timezoneName ?? (typeof input.timezone === 'string' ? input.timezone : input.timezone?.name) ?? current.timezone.name;
    if (!isTimezone(zone)) throw new DomainError(ErrorCode.InvalidParams, `Invalid timezone: ${zone}`);
    const days = new Set(input.workHours.map((d) => d.day));
    if (days.size !== input.workHours.length) throw new DomainError(ErrorCode.InvalidParams, 'Each day may appear once');
    const now = new Date();
    const saved = await this.hours.update(current._id, {
      ...(input.name !== undefined && { name: input.name }),
      active: input.active ?? true,
      timezone: { name: zone, utc: utcOffsetLabel(zone, now) },
      workHours: input.workHours.map((d) => workDay({ day: d.day, start: time(d.start), finish: time(d.finish), open: d.open }, zone, now)),
    });
    if (!saved) throw new DomainError(ErrorCode.LivechatInvalidBusinessHour, 'Business hour not found');
    await this.apply();
    return { businessHour: saved };
  }

  /** Agents unavailable while closed, available again when open; each change told to the agent (`userData`). */
  async apply(): Promise<void> {
    const open = await this.isOpenNow();
    const changed = open ? await this.users.openLivechatAgentsForBusinessHours() : await this.users.closeLivechatAgentsForBusinessHours();
    if (open) this.closedAgents = false;
    else if (changed.length) this.closedAgents = true;
    const statusLivechat = open ? 'available' : 'not-available';
    for (const id of changed) this.realtime.userDataChanged(id, { statusLivechat });
    if (open && changed.length) await this.routing.routeQueue();
  }
}
