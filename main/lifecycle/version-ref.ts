// The parser lives in the base layer so the CLI can read a version reference without a domain.
export { parseVersionRef } from '../common/version-ref.js';
