export * from './ddp-messages.js';
