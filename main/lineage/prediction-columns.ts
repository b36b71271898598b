/** The columns batch prediction adds to the input's, apart from the writer (and its features). */
export const PREDICTION_COLUMN = 'prediction';
export const MODEL_VERSION_COLUMN = 'model_version';
export const PROBABILITY_PREFIX = 'probability_';
