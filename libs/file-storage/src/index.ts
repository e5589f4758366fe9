export * from './file-storage-driver.js';
export * from './storage-config.js';
export * from './storage-drivers.js';
export * from './drivers/gridfs.driver.js';
export * from './drivers/file-system.driver.js';
export * from './drivers/s3.driver.js';
export * from './avatar-image.js';
export * from './remote-image.js';
