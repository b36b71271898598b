export * from './actor.js';
export * from './clock.js';
export * from './closest-key.js';
export * from './files.js';
export * from './loopback.js';
export * from './random.js';
export * from './versions.js';
