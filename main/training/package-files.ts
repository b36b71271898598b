/**
 * The names of a model package's files, apart from the code that writes them: what reads a
 * package (the drift check, batch prediction) then need not load the features and the families.
 */
export const PREPROCESSING_FILE = 'preprocessing.json';
export const SIGNATURE_FILE = 'signature.json';
export const MODEL_DIR = 'model';
/** Beside the family's own files in model/: which family wrote them and for which target. */
export const FAMILY_FILE = 'family.json';
