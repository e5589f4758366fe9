export * from './moderation.contract.js';
