import { Injectable } from '@nestjs/common';
import type { IMessage, IPermission, IRole, IRoom, ISetting, ISubscription, IUser } from '@rc/contracts';
import type { TrashedDocument } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';

/** What a change stream reports, reduced to what the mapping needs. */
export interface DocumentChange<T> {
  operation: 'insert' | 'update' | 'replace' | 'delete';
  /** The document after the change (`updateLookup` for updates); absent for deletions. */
  document?: T;
  /** The changed document's id (deletions carry nothing else). */
  id: string;
}

/** The user fields whose changes clients are told about: names, status and the two second factors. */
interface WatchedUserFields {
  username?: string;
  name?: string;
  status?: string;
  statusText: string;
  totp: boolean;
  email2fa: boolean;
}

const isWrite = (change: DocumentChange<unknown>) => change.operation !== 'delete';

/**
 * Maps a database change to the realtime events the writing service would have published, through the
 * same RealtimePublisher (and thus the same payload builders). Deletions of messages, rooms and
 * subscriptions are known from their copy in `rocketchat_trash`, since a delete event carries only the id.
 */
@Injectable()
export class ChangeMapper {
  /**
   * The last known names and status of each user, to tell a status or name change from any other write (a
   * change event carries the whole document, not what changed). A user not seen since the start counts as
   * changed: an event repeated after a restart is harmless, a missed one is not.
   */
  private readonly users = new Map<string, WatchedUserFields>();

  constructor(private readonly realtime: RealtimePublisher) {}

  message(change: DocumentChange<IMessage & { _hidden?: boolean; imported?: unknown; _memberWork?: Date }>): void {
    if (!isWrite(change) || !change.document) return;
    // `_memberWork`: core's record that the message's member work is pending, never shown to clients.
    const { _memberWork: pending, ...message } = change.document;
    if (!message.rid || message._hidden === true || message.imported != null) return;
    const waiting = this.pendingWork.get(message._id);
    if (pending !== undefined || waiting !== undefined) {
      // Removing the record once the work is done is an update of the message that changes nothing clients see.
      const seen = JSON.stringify(message);
      if (pending === undefined) this.pendingWork.delete(message._id);
      else this.rememberPending(message._id, seen);
      if (seen === waiting) return;
    }
    this.realtime.messageUpserted(message);
  }

  /** Messages published while their member work was pending (bounded: the record lives for a moment). */
  private readonly pendingWork = new Map<string, string>();

  /** The messages published with their member work pending, kept across a graceful restart (StreamHubService). */
  pendingMessages(): Array<[string, string]> {
    return [...this.pendingWork];
  }

  rememberPendingMessages(entries: ReadonlyArray<[string, string]>): void {
    for (const [id, seen] of entries) this.rememberPending(id, seen);
  }

  private rememberPending(id: string, seen: string): void {
    this.pendingWork.delete(id);
    this.pendingWork.set(id, seen);
    if (this.pendingWork.size > 2_000) this.pendingWork.delete(this.pendingWork.keys().next().value!);
  }

  /** A new room reaches its members through their subscriptions (see RealtimePublisher.roomChanged). */
  room(change: DocumentChange<IRoom>): void {
    if (!isWrite(change) || !change.document || change.operation === 'insert') return;
    this.realtime.roomChanged('updated', change.document);
  }

  subscription(change: DocumentChange<ISubscription>): void {
    if (!isWrite(change) || !change.document?.u?._id) return;
    this.realtime.subscriptionChanged(change.operation === 'insert' ? 'inserted' : 'updated', change.document);
  }

  user(change: DocumentChange<IUser>): void {
    const user = change.document;
    if (!isWrite(change) || !user) {
      // A deleted user is not announced from here: `Users:Deleted` tells clients what became of the user's
      // messages (erased, or reassigned to another user), which a delete event (the id alone) cannot say and
      // the database does not record. The deleting service publishes it, whatever the realtime source.
      this.users.delete(change.id);
      return;
    }
    const known = this.users.get(user._id);
    const current: WatchedUserFields = {
      username: user.username,
      name: user.name,
      status: user.status,
      statusText: user.statusText ?? '',
      totp: user.services?.totp?.enabled === true,
      email2fa: (user.services?.email2fa as { enabled?: boolean } | undefined)?.enabled === true,
    };
    this.users.set(user._id, current);
    if (change.operation === 'insert' || !user.username) return;
    const statusChanged = !known || known.status !== current.status || known.statusText !== current.statusText;
    const nameChanged = !known || known.username !== current.username || known.name !== current.name;
    if (statusChanged && user.status) this.realtime.userStatusChanged(user);
    if (nameChanged) this.realtime.userNameChanged(user);
    // Only a known user: after a restart, the first write of each user would otherwise look like a change.
    if (known && known.totp !== current.totp) this.realtime.userDataChanged(user._id, { 'services.totp.enabled': current.totp });
    if (known && known.email2fa !== current.email2fa) {
      this.realtime.userDataChanged(user._id, { 'services.email2fa.enabled': current.email2fa });
    }
  }

  setting(change: DocumentChange<ISetting>): void {
    if (!isWrite(change)) return this.realtime.settingChanged('removed', { _id: change.id, value: null, public: false });
    if (!change.document) return;
    this.realtime.settingChanged(change.operation === 'insert' ? 'inserted' : 'updated', change.document);
  }

  role(change: DocumentChange<IRole>): void {
    if (!isWrite(change)) return this.realtime.roleChanged('removed', { _id: change.id });
    if (change.document) this.realtime.roleChanged('changed', change.document);
  }

  permission(change: DocumentChange<IPermission>): void {
    if (!isWrite(change)) return this.realtime.permissionChanged('removed', { _id: change.id, roles: [] });
    if (change.document) this.realtime.permissionChanged(change.operation === 'insert' ? 'inserted' : 'updated', change.document);
  }

  /** A document moved to `rocketchat_trash`: the deletion of a message, a subscription or a room. */
  trashed(change: DocumentChange<TrashedDocument>): void {
    const trashed = change.document;
    if (!isWrite(change) || !trashed) return;
    switch (trashed.__collection__) {
      case 'rocketchat_message':
        if (typeof trashed.rid === 'string') this.realtime.messageDeleted({ _id: trashed._id, rid: trashed.rid });
        return;
      case 'rocketchat_subscription':
        if ((trashed as unknown as ISubscription).u?._id) {
          this.realtime.subscriptionChanged('removed', trashed as unknown as ISubscription);
        }
        return;
      case 'rocketchat_room':
        this.realtime.roomChanged('removed', { _id: trashed._id });
        return;
    }
  }
}
