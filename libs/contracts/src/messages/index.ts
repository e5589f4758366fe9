export * from './message-fields.js';
export * from './send-message.contract.js';
export * from './edit-message.contract.js';
export * from './message-actions.contract.js';
export * from './message-queries.contract.js';
