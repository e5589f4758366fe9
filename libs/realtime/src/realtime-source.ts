import { z } from 'zod';

/**
 * Who publishes the events that follow from database changes: `direct` (the service that wrote, right after
 * MongoDB acknowledged the write, as current Rocket.Chat does) or `stream-hub` (captured from change streams,
 * so writes made outside the services are seen too). Exactly one is active; both map changes alike.
 */
export const realtimeSourceVar = {
  REALTIME_SOURCE: z.enum(['direct', 'stream-hub']).default('direct'),
};

export type RealtimeSource = 'direct' | 'stream-hub';
