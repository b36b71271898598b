export { type Db, databasePath, openDatabase } from './connection.js';
export { type Migration, migrate, readMigrations } from './migrate.js';
