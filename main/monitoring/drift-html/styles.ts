/** The page's only stylesheet, inlined: system fonts, no images, and a layout that prints. */
export const DRIFT_REPORT_CSS = `
:root { --ink: #1d2330; --muted: #5b6474; --line: #d8dde6; --reference: #7c8ba1; --current: #e07a1f;
  --drift: #b42318; --drift-bg: #fde8e6; --warning: #8a5a00; --warning-bg: #fff4d6;
  --ok: #18703a; --ok-bg: #e3f5e9; --na: #5b6474; --na-bg: #eceff3; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 16px; }
h2 { font-size: 18px; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0; word-break: break-word; }
h3 small { color: var(--muted); font-weight: normal; }
.verdict { display: inline-block; font-size: 20px; font-weight: 700; padding: 6px 14px; border-radius: 6px; margin-bottom: 12px; }
.verdict.drift { color: var(--drift); background: var(--drift-bg); }
.verdict.ok { color: var(--ok); background: var(--ok-bg); }
.facts { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 0 0 12px; }
.facts dt { color: var(--muted); font-size: 12px; }
.facts dd { margin: 0; font-weight: 600; word-break: break-all; }
.summary { margin: 0 0 16px; }
table { border-collapse: collapse; background: #fff; }
th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.index { width: 100%; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.pill.drift { color: var(--drift); background: var(--drift-bg); }
.pill.warning { color: var(--warning); background: var(--warning-bg); }
.pill.ok { color: var(--ok); background: var(--ok-bg); }
.pill.alert { color: var(--drift); background: var(--drift-bg); }
.pill.not_applicable { color: var(--na); background: var(--na-bg); }
.feature { background: #fff; border: 1px solid var(--line); border-left: 5px solid var(--na); border-radius: 6px; padding: 14px 16px; margin: 0 0 16px; break-inside: avoid; }
.feature.drift { border-left-color: var(--drift); }
.feature.warning { border-left-color: #d99a00; }
.feature.ok { border-left-color: var(--ok); }
.feature header { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
.kind { color: var(--muted); font-size: 12px; }
.reason { margin: 8px 0 2px; }
.decided { margin: 0 0 10px; color: var(--muted); font-size: 12px; }
.body { display: grid; grid-template-columns: minmax(260px, 1fr) 2fr; gap: 16px; align-items: start; }
.statistics th { font-weight: normal; color: var(--muted); }
.statistics td { font-variant-numeric: tabular-nums; }
figure { margin: 0; }
svg.histogram { width: 100%; height: auto; display: block; }
svg .reference, .key.reference { fill: var(--reference); background: var(--reference); }
svg .current, .key.current { fill: var(--current); background: var(--current); }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg text { font: 10px system-ui, sans-serif; fill: var(--muted); }
svg .y-label { text-anchor: end; }
svg .x-label { text-anchor: start; }
figcaption { font-size: 12px; color: var(--muted); }
.key { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; vertical-align: middle; }
.no-chart { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 12px; margin-top: 32px; }
.heatmap-scroll { overflow-x: auto; }
table.heatmap th, table.heatmap td { padding: 3px 6px; font-size: 12px; white-space: nowrap; }
table.heatmap td.cell { text-align: center; font-variant-numeric: tabular-nums; border: 1px solid #fff; }
.cell.drift { color: var(--drift); background: #f6b8b1; }
.cell.warning { color: var(--warning); background: #ffe08a; }
.cell.ok { color: var(--ok); background: var(--ok-bg); }
.cell.not_applicable, .cell.too_few_rows { color: var(--na); background: var(--na-bg); }
.chunks-note { color: var(--muted); }
@media (max-width: 760px) { .body { grid-template-columns: 1fr; } }
@media print {
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  .feature { border-color: #999; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
