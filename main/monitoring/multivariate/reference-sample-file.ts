/** The reference sample's file in a model package, apart from the code that draws and reads it. */
export const REFERENCE_SAMPLE_FILE = 'reference-sample.json';
