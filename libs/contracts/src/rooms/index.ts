export * from './membership-lifecycle.contract.js';
export * from './common-fields.js';
export * from './create-room.contract.js';
export * from './room-queries.contract.js';
export * from './room-membership.contract.js';
export * from './room-settings.contract.js';
export * from './rename-user.contract.js';
export * from './room-mute.contract.js';
