export * from './push.contract.js';
export * from './push-tokens-changed.event.js';
