export * from './livechat-types.js';
export * from './visitor.contract.js';
export * from './agents.contract.js';
export * from './livechat-events.js';
export * from './management.contract.js';
export * from './upload.contract.js';
export * from './contacts.contract.js';
export * from './custom-fields.contract.js';
