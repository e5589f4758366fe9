export * from './has-permission.contract.js';
export * from './authorization-changed.event.js';
export * from './can-access-room.contract.js';
export * from './permissions.contract.js';
export * from './roles.contract.js';
export * from './users-in-public-roles.contract.js';
export * from './user-roles.contract.js';
export * from './set-user-roles.contract.js';
