import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DomainError, ErrorCode, loginTokensRevokedEvent, type Actor, type IAppsTokens, type PushToken } from '@rc/contracts';
import { AppTokensRepository, MessagesRepository, randomId, RoomsRepository, UsersRepository } from '@rc/models';
import { EventBus } from '@rc/platform';
import { packageValueOf, SettingsCache } from '@rc/settings';
import { AccessService } from '../common/access.service.js';
import { notificationConfig, pushData } from './push-payload.js';
import { PushSender } from './push-sender.service.js';
import { PushTokenCache } from './push-token-cache.service.js';

/**
 * Device tokens (`push.token`, `raix:push-update`, `raix:push-setuser`), `push.get`, `push.info`, `push.test`.
 * A device follows its user: registering a token another user held moves it to the caller; logging out with
 * the login token that registered a device removes it.
 */
@Injectable()
export class PushService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PushService.name);
  private unsubscribe?: () => void;

  constructor(
    private readonly tokens: AppTokensRepository,
    private readonly messages: MessagesRepository,
    private readonly rooms: RoomsRepository,
    private readonly users: UsersRepository,
    private readonly settings: SettingsCache,
    private readonly access: AccessService,
    private readonly sender: PushSender,
    private readonly events: EventBus,
    private readonly tokenCache: PushTokenCache,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.events.subscribe(loginTokensRevokedEvent, '*', (revoked) => {
      const removal = revoked.everySession
        ? this.tokens.deleteByUser(revoked.userId)
        : this.tokens.deleteByAuthTokens(revoked.userId, revoked.hashedTokens);
      removal.then(
        (removed) => removed > 0 && this.tokenCache.changed(),
        (error: Error) => this.logger.warn(`push tokens of ${revoked.userId} not removed at logout: ${error.message}`),
      );
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  async saveToken(
    actor: Actor,
    input: { id?: unknown; type?: unknown; value?: unknown; appName?: unknown; authToken?: string; metadata?: Record<string, unknown> },
  ): Promise<{ result: IAppsTokens }> {
    if (input.id !== undefined && input.id !== null && input.id !== '' && (typeof input.id !== 'string' || input.id.length > 64)) {
      throw new DomainError(ErrorCode.PushIdParamNotValid, 'The required "id" body param is invalid.');
    }
    if (input.type !== 'apn' && input.type !== 'gcm') {
      throw new DomainError(ErrorCode.PushTypeParamNotValid, 'The required "type" body param is missing or invalid.');
    }
    if (!input.value || typeof input.value !== 'string' || input.value.length > 4096) {
      throw new DomainError(ErrorCode.PushTokenParamNotValid, 'The required "value" body param is missing or invalid.');
    }
    if (!input.appName || typeof input.appName !== 'string' || input.appName.length > 256) {
      throw new DomainError(ErrorCode.PushAppNameParamNotValid, 'The required "appName" body param is missing or invalid.');
    }
    const id = typeof input.id === 'string' && input.id ? input.id : randomId();
    const token = { [input.type]: input.value } as PushToken;
    const now = new Date();
    const existing = await this.tokens.findByIdOrToken(id, token, input.appName);
    let doc: IAppsTokens;
    if (existing) {
      doc = (await this.tokens.update(existing._id, {
        token,
        appName: input.appName,
        userId: actor.userId,
        ...(input.authToken && { authToken: input.authToken }),
        ...(input.metadata && { metadata: input.metadata }),
        updatedAt: now,
      }))!;
    } else {
      doc = await this.tokens.insert({
        _id: id,
        token,
        appName: input.appName,
        userId: actor.userId,
        ...(input.authToken && { authToken: input.authToken }),
        enabled: true,
        createdAt: now,
        updatedAt: now,
        ...(input.metadata && { metadata: input.metadata }),
      });
    }
    await this.tokens.deleteDuplicates(doc._id, token, input.appName);
    this.tokenCache.changed();
    return { result: doc };
  }

  async removeToken(actor: Actor, token: unknown): Promise<{ removed: number }> {
    if (!token || typeof token !== 'string') {
      throw new DomainError(ErrorCode.PushTokenParamNotValid, 'The required "token" body param is missing or invalid.');
    }
    const removed = await this.tokens.deleteByValueAndUser(token, actor.userId);
    if (removed === 0) throw new DomainError(ErrorCode.NotFound, 'Resource not found');
    this.tokenCache.changed();
    return { removed };
  }

  async setUser(actor: Actor, id: string): Promise<{ found: boolean }> {
    const found = await this.tokens.setUser(id, actor.userId);
    if (found) this.tokenCache.changed();
    return { found };
  }

  /** The notification the caller would have got for a message (the app's "fetch content" mode), content included. */
  async get(actor: Actor, messageId: string) {
    const receiver = await this.users.findRoomUserById(actor.userId);
    if (!receiver) throw new DomainError(ErrorCode.UserNotFound, 'error-user-not-found');
    const message = await this.messages.findById(messageId);
    if (!message) throw new DomainError(ErrorCode.MessageNotFound, 'error-message-not-found');
    const room = await this.rooms.findById(message.rid);
    if (!room) throw new DomainError(ErrorCode.RoomNotFound, 'error-room-not-found');
    if (!(await this.access.canAccessRoom(actor.userId, room._id))) throw new DomainError(ErrorCode.NotAllowed, 'error-not-allowed');
    const data = pushData(this.payloadSettings(), {
      room,
      message,
      sender: { username: message.u.username, name: message.u.name },
      receiverUsername: receiver.username,
      omitMessage: false,
    });
    const notification = notificationConfig(
      { Site_Url: this.settings.get<string>('Site_Url') },
      { rid: message.rid, uid: message.u._id, mid: message._id, data, badge: 1, idOnly: false, serverId: this.sender.uniqueId() },
    );
    return { data: { message, notification } };
  }

  info(): { pushGatewayEnabled: boolean; defaultPushGateway: boolean } {
    const packageValue = packageValueOf('Push_gateway');
    return {
      pushGatewayEnabled: this.settings.get<boolean>('Push_enable'),
      defaultPushGateway: this.settings.get<string>('Push_gateway') === packageValue,
    };
  }

  /** Rocket.Chat's `executePushTest`: "This is a test push message" to each of the caller's devices, at once. */
  async test(actor: Actor): Promise<{ tokensCount: number }> {
    await this.access.requirePermission(actor.userId, 'test-push-notifications');
    if (this.settings.get<boolean>('Push_enable') !== true) throw new DomainError(ErrorCode.PushDisabled, 'Push is disabled');
    const devices = await this.tokens.findByUser(actor.userId);
    if (devices.length === 0) throw new DomainError(ErrorCode.InvalidUser, 'There are no tokens for this user');
    await this.sender.send({
      from: 'push',
      title: `@${actor.username}`,
      text: 'This is a test push message',
      priority: 10,
      sound: 'default',
      userId: actor.userId,
    });
    return { tokensCount: devices.length };
  }

  private payloadSettings() {
    return {
      Push_show_username_room: this.settings.get<boolean>('Push_show_username_room'),
      Push_show_message: this.settings.get<boolean>('Push_show_message'),
      Push_request_content_from_server: this.settings.get<boolean>('Push_request_content_from_server'),
      UI_Use_Real_Name: this.settings.get<boolean>('UI_Use_Real_Name'),
      Site_Url: this.settings.get<string>('Site_Url'),
    };
  }
}
