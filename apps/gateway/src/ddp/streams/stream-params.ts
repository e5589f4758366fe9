import { MeteorError } from '../protocol/meteor-error.js';

/**
 * A stream subscription's arguments: `[eventName, options]`, where options is `true`/`false` (old clients)
 * or `{useCollection, args}`. Only the event name matters to this server.
 */
export function streamEventName(params: unknown[]): string {
  const [eventName] = params;
  if (typeof eventName !== 'string' || eventName.length === 0 || eventName.length > 512) {
    throw new MeteorError('invalid-event-name');
  }
  return eventName;
}

/** Rocket.Chat's refusal of a stream its reader may not read. */
export const notAllowed = () => new MeteorError('not-allowed');
