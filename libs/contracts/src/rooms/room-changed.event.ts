import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';

/**
 * Broadcast after a room's document was written (created rooms excepted), keyed by the room's id: every core
 * instance drops what it holds of the room (RoomCache: the send path's room). Published by `RoomsRepository`
 * itself after each write that can change what a send reads (type, read-only, muted, archived, team, members'
 * count, …), whichever app writes, and flushed before the write returns, so a request made after the write was
 * answered is handled after it (InboundEvents). Not published for a new message's counters (`msgs`, `lm`,
 * `lastMessage`) nor for livechat and VoIP rooms, which no instance holds. No client sees it.
 */
export const roomChangedEvent = defineEvent({ name: 'rooms.changed', payload: as<{ rid: string }>() });
