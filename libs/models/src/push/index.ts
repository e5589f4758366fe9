export * from './push.schema.js';
export * from './app-tokens.repository.js';
export * from './notification-queue.repository.js';
export * from './push-data.module.js';
