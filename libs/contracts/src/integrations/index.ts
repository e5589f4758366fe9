export * from './integrations.contract.js';
export * from './integration-events.js';
