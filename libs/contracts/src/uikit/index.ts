export * from './user-interaction.schema.js';
export * from './ui-interaction.contract.js';
