/** Dataset snapshots and their profiles (the Data view): types of the schemas in ./schemas/data.ts. */
import type { z } from 'zod';
import type { DatasetSchema, DatasetSummarySchema, dataOperationSchemas } from './schemas/data.js';
import type { OperationsOf } from './schemas/operation-types.js';

export type DatasetSummary = z.infer<typeof DatasetSummarySchema>;
export type Dataset = z.infer<typeof DatasetSchema>;
export type DataOperations = OperationsOf<typeof dataOperationSchemas>;

export type { ColumnProfile, ColumnType, DatasetProfile, Histogram } from './dataset-profile.js';
