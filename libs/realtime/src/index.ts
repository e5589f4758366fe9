export * from './realtime-source.js';
export * from './stream-event-builders.js';
export * from './realtime-publisher.js';
export * from './realtime.module.js';
