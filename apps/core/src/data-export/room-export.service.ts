import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, type IMessage, type IRoom, type IUser, type RpcParsedRequest, type roomsExport } from '@rc/contracts';
import { Mailer, escapeHtml, renderEmail } from '@rc/mailer';
import { MessagesRepository, RoomsRepository, UsersRepository } from '@rc/models';
import moment from 'moment';
import { AccessService } from '../common/access.service.js';
import { DAY_MS, DataExportService } from './data-export.service.js';

type ExportRequest = RpcParsedRequest<typeof roomsExport>;

/**
 * Rocket.Chat's `rooms.export`, its checks in its order: a room and a type (`error-invalid-params`), `mail-messages`
 * in the room, the room, access to it; then the file (made after the answer, as Rocket.Chat's `sendFile`) or the
 * e-mail of the chosen messages (`sendViaEmail`, answered once sent).
 */
@Injectable()
export class RoomExportService {
  private readonly logger = new Logger(RoomExportService.name);

  constructor(
    private readonly access: AccessService,
    private readonly rooms: RoomsRepository,
    private readonly users: UsersRepository,
    private readonly messages: MessagesRepository,
    private readonly exports: DataExportService,
    private readonly mailer: Mailer,
  ) {}

  async export(request: ExportRequest): Promise<{ missing?: string[] }> {
    const { actor, rid, type } = request;
    if (!rid || (type !== 'file' && type !== 'email')) throw new DomainError(ErrorCode.MissingParams, '');
    if (!(await this.access.hasPermission(actor.userId, 'mail-messages', rid))) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Mailing is not allowed');
    }
    const room = await this.rooms.findById(rid);
    if (!room) throw new DomainError(ErrorCode.InvalidRoom, '');
    const user = await this.users.findById(actor.userId);
    if (!user || !(await this.access.canAccessRoom(user._id, room._id))) throw new DomainError(ErrorCode.NotAllowed, 'Not Allowed');
    if (type === 'file') {
      this.startFile(request, room, user);
      return {};
    }
    return this.sendEmail(request, room, user);
  }

  private startFile({ format, dateFrom, dateTo }: ExportRequest, room: IRoom, user: IUser): void {
    if (format !== 'html' && format !== 'json') throw new DomainError(ErrorCode.InvalidExportFormat, '');
    // Up to the end of `dateTo`'s day, as Rocket.Chat adds a day to it.
    const to = dateTo && new Date(dateTo.getTime() + DAY_MS);
    if (dateFrom && to && dateFrom > to) throw new DomainError(ErrorCode.InvalidExportDates, 'From date cannot be after To date');
    this.exports.exportRoom(room, user, format, { from: dateFrom, to }).catch((error: Error) => {
      this.logger.warn(`room export of ${room._id} for ${user._id} failed: ${error.message}`);
    });
  }

  private async sendEmail(
    { toUsers, toEmails, subject, messages }: ExportRequest,
    room: IRoom,
    user: IUser,
  ): Promise<{ missing: string[] }> {
    if (toUsers.length === 0 && toEmails.length === 0) throw new DomainError(ErrorCode.InvalidRecipient, '');
    if (messages?.length === 0) throw new DomainError(ErrorCode.InvalidMessages, '');
    const to = toEmails.map((address) => address.trim()).filter(Boolean);
    const missing = toUsers.filter(Boolean);
    for (const recipient of await this.users.findAddressesByUsernames(toUsers)) {
      const address = recipient.emails?.[0]?.address;
      if (!address) continue;
      const found = missing.indexOf(recipient.username!);
      if (found !== -1) missing.splice(found, 1);
      to.push(address);
    }
    const chosen = await this.messages.findOfRoomByIds(room._id, messages ?? []);
    const html = chosen.map((message) => messageHtml(message, user.language || 'en')).join('');
    const email = renderEmail(this.mailer.frame(), subject, html);
    await this.mailer.send({ to, kind: 'room-export', replyTo: user.emails?.[0]?.address, ...email });
    return { missing };
  }
}

/** One message as Rocket.Chat mails it: the sender, the date in the sender's language, the text. */
function messageHtml(message: IMessage, language: string): string {
  const when = moment(message.ts).locale(language).format('L LT');
  const text = escapeHtml(message.msg ?? '').replace(/\n/g, '<br/>');
  return `<p style='margin-bottom: 5px'><b>${escapeHtml(message.u.username ?? '')}</b> <span style='color: #aaa; font-size: 12px'>${when}</span><br/>${text}</p>`;
}
