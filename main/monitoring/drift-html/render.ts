import type { StoredDriftReport } from '../../contract/index.js';
import { type Html, html } from './html.js';
import { DRIFT_REPORT_SECTIONS, type DriftReportSection } from './sections.js';
import { DRIFT_REPORT_CSS } from './styles.js';

/**
 * A stored drift report as one self-contained HTML page to share: inline CSS and SVG only, no
 * script, font, image or request of any kind, so it opens offline and anyone can read it
 * without trusting it. A content security policy in the page says the same to the browser.
 */
export function renderDriftReportHtml(
  stored: StoredDriftReport,
  sections: readonly DriftReportSection[] = DRIFT_REPORT_SECTIONS,
): string {
  const parts = sections.flatMap((section) => {
    const body = section.render(stored);
    return body === null ? [] : [sectionHtml(section, body)];
  });
  const title = `Drift of ${stored.model} v${stored.version} — ${stored.createdAt}`;
  return `<!doctype html>\n${
    html`<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${{ html: DRIFT_REPORT_CSS }}</style></head>
<body><main>
<h1>${title}</h1>
${parts}
<footer>Made by Podium from drift report ${stored.id}. Shares per bin: training data (reference) against the current data.</footer>
</main></body></html>
`.html
  }`;
}

function sectionHtml(section: DriftReportSection, body: Html): Html {
  return html`<section class="report-section" id="section-${section.id}" data-section="${section.id}"><h2>${section.title}</h2>
${body}
</section>
`;
}
