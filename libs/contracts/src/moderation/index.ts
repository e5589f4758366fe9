export * from './moderation.contract.js';
export * from './moderation-console.contract.js';
