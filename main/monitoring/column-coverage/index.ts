/** Drift of every column of the training data, and the data-quality checks, beside the model inputs' drift. */
export { type CurrentColumns, completeDriftReport, type TrainingSnapshot } from './complete-report.js';
export { type CellsOf, everyColumnDrift } from './every-column-drift.js';
export { DATE_OUTSIDE_ALLOWED, DUPLICATE_SHARE_MARGIN, ruleOfThree } from './special-columns.js';
export { type TrainingColumn, type TrainingColumnRole, trainingColumns } from './training-columns.js';
