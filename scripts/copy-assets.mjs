// tsc compiles TypeScript only; SQL migrations must sit beside the compiled db module.
import { cpSync } from 'node:fs';

cpSync('main/db/migrations', 'dist/main/db/migrations', { recursive: true });
