export * from './commands.contract.js';
