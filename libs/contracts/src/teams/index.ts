export * from './teams.contract.js';
export * from './team-admin.contract.js';
