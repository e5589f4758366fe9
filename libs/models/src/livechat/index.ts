export * from './livechat.schemas.js';
export * from './livechat.repositories.js';
export * from './livechat-data.module.js';
