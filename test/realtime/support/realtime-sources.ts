/**
 * Who publishes the events that follow from database changes (REALTIME_SOURCE): the realtime suites run
 * once per source (one spec file each, sharing the suite), so that a client cannot tell them apart.
 */
export type RealtimeSource = 'direct' | 'stream-hub';
