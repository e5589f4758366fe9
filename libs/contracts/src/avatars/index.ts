export * from './avatars.contract.js';
