export * from './invite.schema.js';
export * from './invites.repository.js';
export * from './invites-data.module.js';
