export * from './subscriptions.contract.js';
export * from './notification-settings.contract.js';
