export * from './invites.contract.js';
