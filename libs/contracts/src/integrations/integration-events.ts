import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';
import type { IIntegrationHistory } from '../typings/integration.js';
import type { IMessage } from '../typings/message.js';
import type { IRoom } from '../typings/room.js';
import type { UserRef } from '../typings/user.js';

/**
 * What happened, for whoever reacts to it (outgoing webhooks): published by the service that did it, whatever
 * the realtime source, keyed by the room (or user) id. Outgoing webhooks listen in a queue group, so each event
 * is handled by one core instance. At most once, as every NATS event.
 */
export const messageCreatedEvent = defineEvent({ name: 'events.message-created', payload: as<{ message: IMessage; room: IRoom }>() });

/** A message was edited (its text changed): outgoing webhooks with `runOnEdits` fire again. */
export const messageEditedEvent = defineEvent({ name: 'events.message-edited', payload: as<{ message: IMessage; room: IRoom }>() });

/** A room was created (Rocket.Chat's `afterCreateRoom`): `owner` is its creator. */
export const roomCreatedEvent = defineEvent({ name: 'events.room-created', payload: as<{ room: IRoom; owner: UserRef }>() });

/** A user was created (Rocket.Chat's `afterCreateUser`), by registration or by an administrator. */
export const userCreatedEvent = defineEvent({
  name: 'events.user-created',
  payload: as<{ user: { _id: string; username?: string; name?: string; createdAt: Date; type?: string; roles?: string[] } }>(),
});

/**
 * Rocket.Chat's `integrationHistory` stream (DDP `stream-integrationHistory`, eventName the integration id):
 * `{type: 'inserted', id, data}`, `{type: 'updated', id, diff}`, `{type: 'removed', id}`. Keyed by integration id;
 * `createdBy` (never sent to clients) lets a gateway deliver it to the integration's owner.
 */
export const integrationHistoryEvent = defineEvent({
  name: 'stream.integration-history',
  payload: as<{
    createdBy?: string;
    change:
      | { type: 'inserted'; id: string; data: IIntegrationHistory }
      | { type: 'updated'; id: string; diff: Partial<IIntegrationHistory> }
      | { type: 'removed'; id: string };
  }>(),
});

/** An integration was created, changed or removed: every core instance reloads its outgoing trigger table. */
export const integrationsChangedEvent = defineEvent({ name: 'events.integrations-changed', payload: as<{ integrationId: string }>() });
