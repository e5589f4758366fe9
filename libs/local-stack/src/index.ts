export * from './paths.js';
export * from './free-port.js';
export * from './wait-for.js';
export * from './child-process.js';
export * from './nats-server.js';
export * from './mongo-server.js';
export * from './app-instance.js';
export * from './stack.js';
