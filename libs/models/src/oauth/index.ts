export * from './oauth.schemas.js';
export * from './oauth.repositories.js';
export * from './oauth-data.module.js';
