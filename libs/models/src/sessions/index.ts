export * from './user-session.schema.js';
export * from './users-sessions.repository.js';
export * from './instance.schema.js';
export * from './instances.repository.js';
export * from './presence-data.module.js';
