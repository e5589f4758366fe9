export * from './subscriptions.contract.js';
