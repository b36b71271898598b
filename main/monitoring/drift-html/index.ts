export { escapeHtml } from './html.js';
export { renderDriftReportHtml } from './render.js';
export { DRIFT_REPORT_SECTIONS, type DriftReportSection } from './sections.js';
