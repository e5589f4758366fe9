export * from './message-fields.js';
export * from './send-message.contract.js';
export * from './edit-message.contract.js';
export * from './message-actions.contract.js';
export * from './message-queries.contract.js';
export * from './message-pages.contract.js';
export * from './message-sync.contract.js';
export * from './message-lists.contract.js';
