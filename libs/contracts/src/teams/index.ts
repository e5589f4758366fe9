export * from './teams.contract.js';
