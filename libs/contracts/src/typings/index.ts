export * from './user.js';
export * from './room.js';
export * from './subscription.js';
export * from './message.js';
export * from './authorization.js';
export * from './setting.js';
export * from './team.js';
export * from './upload.js';
