import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type RpcParsedRequest, type settingsShield } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { SettingsCache } from '@rc/settings';
import { shieldSvg } from './shield-svg.js';

type ShieldRequest = RpcParsedRequest<typeof settingsShield>;

/** A user's presence as the shield's colour (Rocket.Chat's). */
const STATUS_COLORS: Record<string, string> = { online: '#1fb31f', away: '#dc9b01', busy: '#bc2031', offline: '#a5a1a1' };

/**
 * Rocket.Chat's `shield.svg`: while `API_Enable_Shields` is on, a badge of the server (`JOIN CHAT`), of the users
 * online, of a channel or of a user (their presence as the colour; `API_Shield_user_require_auth` asks for a
 * login), for the types `API_Shield_Types` lists (`*`: all).
 */
@Injectable()
export class ShieldService {
  constructor(
    private readonly settings: SettingsCache,
    private readonly users: UsersRepository,
  ) {}

  async draw({ actor, name, channel, type, icon, userId, username }: ShieldRequest): Promise<{ svg: string }> {
    if (!this.settings.get<boolean>('API_Enable_Shields')) {
      throw new DomainError(ErrorCode.EndpointDisabled, 'This endpoint is disabled', { route: '/api/v1/shield.svg' });
    }
    const types = this.settings.get<string>('API_Shield_Types') ?? '*';
    if (
      type &&
      types.trim() !== '*' &&
      !types
        .split(',')
        .map((one) => one.trim())
        .includes(type)
    ) {
      throw new DomainError(ErrorCode.ShieldDisabled, 'This shield type is disabled', { route: '/api/v1/shield.svg' });
    }
    const hideIcon = icon === 'false';
    if (hideIcon && !name.trim()) throw new DomainError(ErrorCode.InvalidParams, 'Name cannot be empty when icon is hidden');
    const { text, color } = await this.face(type, channel, actor !== undefined, { userId, username });
    return { svg: shieldSvg({ name, text, color, hideIcon }) };
  }

  private async face(
    type: string | undefined,
    channel: string,
    loggedIn: boolean,
    who: { userId?: string; username?: string },
  ): Promise<{ text: string; color: string }> {
    switch (type) {
      case 'online': {
        const online = await this.users.countOnline();
        return { text: `${online} ONLINE`, color: online === 0 ? '#e05d44' : '#4c1' };
      }
      case 'channel':
        if (!channel) throw new DomainError(ErrorCode.InvalidParams, 'Shield channel is required for type "channel"');
        return { text: `#${channel}`, color: '#4c1' };
      case 'user': {
        if (this.settings.get<boolean>('API_Shield_user_require_auth') && !loggedIn) {
          throw new DomainError(ErrorCode.InvalidParams, 'You must be logged in to do this.');
        }
        if (!who.userId && !who.username) {
          throw new DomainError(ErrorCode.UserParamNotProvided, 'The required "userId" or "username" param was not provided');
        }
        const user = who.userId ? await this.users.findById(who.userId) : await this.users.findByUsername(who.username!);
        if (!user) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
        const text = user.name && this.settings.get<boolean>('UI_Use_Real_Name') ? user.name : `@${user.username}`;
        return { text, color: STATUS_COLORS[user.status ?? 'offline'] ?? '#4c1' };
      }
      default:
        return { text: 'JOIN CHAT', color: '#4c1' };
    }
  }
}
