import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  appsEngineStreamEvent,
  appsStreamEvent,
  notifyAllEvent,
  notifyLoggedEvent,
  rolesEvent,
  STREAMS,
  streamKey,
  type EventContract,
  type StreamEvent,
} from '@rc/contracts';
import { PermissionChecker } from '@rc/permissions';
import { encodeArgs, streamFrame } from '../protocol/ddp-frames.js';
import type { Publication } from '../session/publication.js';
import { PublicationRegistry } from './publication-registry.js';
import { eventNamed, StreamFanout } from './stream-fanout.js';
import { readerOf } from './stream-actor.js';
import { endUnknownEvent, KNOWN_STREAM_EVENTS } from './stream-events.js';
import { notAllowed, streamEventName } from './stream-params.js';

/** Who may read an event of a stream keyed by event name. */
type ReadRule = (publication: Publication, eventName: string) => boolean | Promise<boolean>;

/** Settings only administrators see (Rocket.Chat's rule on `private-settings-changed`). */
const PRIVATE_SETTINGS_PERMISSIONS = ['view-privileged-setting', 'edit-privileged-setting', 'manage-selected-settings'];

/**
 * The streams whose events are broadcast and keyed by event name: `stream-notify-logged` (`user-status`,
 * `Users:NameChanged`, `roles-change`, `permissions-changed`, …; logged-in readers), `stream-notify-all`
 * (`public-settings-changed`, …; anyone), `stream-roles` (`roles`; logged-in readers) and the apps-engine's
 * `stream-apps` / `stream-apps-engine` (`app/added`, `app/statusUpdate`, …; logged-in readers).
 */
@Injectable()
export class KeyedStreams implements OnModuleInit {
  constructor(
    private readonly publications: PublicationRegistry,
    private readonly fanout: StreamFanout,
    private readonly permissions: PermissionChecker,
  ) {}

  onModuleInit(): void {
    const loggedIn: ReadRule = (publication) => readerOf(publication) !== undefined;
    this.stream(STREAMS.notifyLogged, notifyLoggedEvent, KNOWN_STREAM_EVENTS.notifyLogged, async (publication, eventName) => {
      const reader = readerOf(publication);
      if (!reader) return false;
      if (eventName !== 'private-settings-changed') return true;
      return this.permissions.check(reader.userId, PRIVATE_SETTINGS_PERMISSIONS, 'any');
    });
    this.stream(STREAMS.notifyAll, notifyAllEvent, KNOWN_STREAM_EVENTS.notifyAll, () => true);
    this.stream(STREAMS.roles, rolesEvent, KNOWN_STREAM_EVENTS.roles, loggedIn);
    this.stream(STREAMS.apps, appsStreamEvent, KNOWN_STREAM_EVENTS.apps, loggedIn);
    this.stream(STREAMS.appsEngine, appsEngineStreamEvent, KNOWN_STREAM_EVENTS.apps, loggedIn);
  }

  private stream(name: string, event: EventContract<StreamEvent>, known: ReadonlySet<string>, allowRead: ReadRule): void {
    this.publications.register(name, async (publication) => {
      const eventName = streamEventName(publication.params);
      if (!(await allowRead(publication, eventName))) throw notAllowed();
      if (endUnknownEvent(publication, known, eventName)) return;
      const stop = await this.fanout.watch(event, streamKey(eventName), (delivery) => {
        const payload = eventNamed(delivery, eventName);
        if (!payload) return;
        publication.send(delivery.frame('event', () => streamFrame(name, payload.eventName, encodeArgs(payload.args))));
      });
      publication.onStop(stop);
      publication.ready();
    });
  }
}
