import { Injectable } from '@nestjs/common';
import type { IMessage, IRoom, UserRef } from '@rc/contracts';
import { RealtimePublisher } from '@rc/realtime';

/**
 * Rocket.Chat's desktop notification (`notifyDesktopUser`): `stream-notify-user` `<uid>/notification` with
 * the payload its clients render. Published for every recipient; only gateways where the recipient has a
 * socket receive it (the subject carries the user id).
 */
@Injectable()
export class DesktopNotifier {
  constructor(private readonly realtime: RealtimePublisher) {}

  notify(recipientIds: Iterable<string>, message: IMessage, room: IRoom, sender: UserRef): void {
    const senderName = sender.username;
    const groupDirect = room.t === 'd' && (room.uids?.length ?? 0) > 2;
    const title = room.t === 'd' ? (groupDirect ? (room.fname ?? room.usernames?.join(', ') ?? '') : senderName) : `#${room.name ?? ''}`;
    const text = room.t === 'd' && !groupDirect ? message.msg : `${senderName}: ${message.msg}`;
    const payload = {
      title,
      text,
      reacted: false,
      payload: {
        _id: message._id,
        rid: message.rid,
        tmid: message.tmid,
        sender: { _id: sender._id, username: sender.username, name: sender.name },
        type: room.t,
        message: { msg: message.msg, ...(message.t && { t: message.t }) },
        name: room.t === 'd' ? senderName : room.name,
      },
    };
    for (const userId of recipientIds) this.realtime.notifyUser(userId, 'notification', [payload]);
  }
}
