import { createStore } from 'zustand/vanilla';
import type { MonitorReport, PodiumClient } from '../../main/contract/index.js';
import { idle, loading, type Remote, settle } from './remote.js';

export type PerformanceWindow = MonitorReport['window'];
export type SeriesKind = 'realised' | 'estimated';

/** One line of the chart: one version's realised or estimated values of the chosen metric. */
export type PerformanceLine = {
  key: string;
  name: string;
  version: number;
  kind: SeriesKind;
  /** Index into the chart palette: the champion (or first version) 0, so it keeps the champion's blue. */
  colourIndex: number;
  dashed: boolean;
};

/**
 * One window of one version as the chart and its table read it. `flags` are the report's own
 * warnings on the window's estimate (too few requests, no calibration…): empty when it is sound.
 */
export type WindowReading = {
  windowStart: string;
  atMs: number;
  version: number;
  role: 'champion' | 'shadow' | null;
  requests: number;
  labelled: number;
  realised: number | null;
  estimated: number | null;
  flags: string[];
};

/** A chart row: the window's start (ms) and one numeric field per line key (absent when not measured). */
export type PerformanceRow = { atMs: number; windowStart: string } & Record<string, number | string>;

export const estimationMethodNames: Record<'cbpe' | 'dle', string> = {
  cbpe: 'Confidence-based performance estimation (CBPE)',
  dle: 'Direct loss estimation (DLE)',
};

/** How many days of windows each window size asks for: about two days of hours, two weeks of days. */
export const daysPerWindow: Record<PerformanceWindow, number> = { hour: 2, day: 14 };

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * The metrics the report offers: those with a label-free estimate first (they have both lines),
 * then the other realised metrics, each group in the report's order.
 */
export function metricChoices(report: MonitorReport): string[] {
  const estimated = new Set<string>();
  for (const version of report.estimate?.versions ?? [])
    for (const window of version.windows)
      for (const [name, reading] of Object.entries(window.metrics))
        if (isNumber(reading.estimated)) estimated.add(name);
  const realised = new Set<string>();
  for (const version of report.performance?.versions ?? [])
    for (const point of version.points)
      for (const [name, value] of Object.entries(point.metrics)) if (isNumber(value)) realised.add(name);
  return [...estimated, ...[...realised].filter((name) => !estimated.has(name))];
}

/** The metric to show: the one asked for if the report offers it, else the first offered. */
export function chooseMetric(report: MonitorReport, wanted: string | null): string | null {
  const choices = metricChoices(report);
  if (wanted !== null && choices.includes(wanted)) return wanted;
  return choices[0] ?? null;
}

/** Every version's window, realised beside estimated, oldest window first, then by version. */
export function windowReadings(report: MonitorReport, metric: string): WindowReading[] {
  const readings = new Map<string, WindowReading>();
  const readingOf = (version: number, role: WindowReading['role'], windowStart: string) => {
    const key = `${version}@${windowStart}`;
    let reading = readings.get(key);
    if (reading === undefined) {
      reading = {
        windowStart,
        atMs: Date.parse(windowStart),
        version,
        role,
        requests: 0,
        labelled: 0,
        realised: null,
        estimated: null,
        flags: [],
      };
      readings.set(key, reading);
    }
    return reading;
  };
  for (const version of report.performance?.versions ?? []) {
    for (const point of version.points) {
      const reading = readingOf(version.version, version.role, point.windowStart);
      reading.requests = point.requests;
      reading.labelled = point.labelled;
      const value = point.metrics[metric];
      reading.realised = point.labelled > 0 && isNumber(value) ? value : null;
    }
  }
  for (const version of report.estimate?.versions ?? []) {
    if (!version.estimable) continue;
    for (const window of version.windows) {
      const reading = readingOf(version.version, version.role, window.windowStart);
      reading.requests = Math.max(reading.requests, window.requests);
      const estimated = window.metrics[metric]?.estimated;
      reading.estimated = isNumber(estimated) ? estimated : null;
      if (reading.realised === null) {
        const realised = window.metrics[metric]?.realised;
        if (isNumber(realised)) reading.realised = realised;
      }
      // The report's own verdict on the estimate; only worth marking where there is one.
      if (!window.reliable && reading.estimated !== null) reading.flags = [...window.warnings];
    }
  }
  return [...readings.values()].sort((a, b) => a.atMs - b.atMs || a.version - b.version);
}

/** Champion first, then shadows and the rest by version: the champion keeps the palette's first colour. */
function versionOrder(readings: WindowReading[]): { version: number; role: WindowReading['role'] }[] {
  const roles = new Map<number, WindowReading['role']>();
  for (const reading of readings)
    if (!roles.has(reading.version) || reading.role !== null) roles.set(reading.version, reading.role);
  const rank = (role: WindowReading['role']) => (role === 'champion' ? 0 : role === 'shadow' ? 1 : 2);
  return [...roles.entries()]
    .map(([version, role]) => ({ version, role }))
    .sort((a, b) => rank(a.role) - rank(b.role) || a.version - b.version);
}

export function lineKey(version: number, kind: SeriesKind): string {
  return `v${version}_${kind}`;
}

/** Chart rows (one per window) and lines: each version in one colour, realised solid, estimated dashed. */
export function performanceSeries(
  report: MonitorReport,
  metric: string,
): { rows: PerformanceRow[]; lines: PerformanceLine[]; readings: WindowReading[] } {
  const readings = windowReadings(report, metric);
  const rows = new Map<number, PerformanceRow>();
  const measured = new Set<string>();
  for (const reading of readings) {
    let row = rows.get(reading.atMs);
    if (row === undefined) {
      row = { atMs: reading.atMs, windowStart: reading.windowStart } as PerformanceRow;
      rows.set(reading.atMs, row);
    }
    for (const kind of ['realised', 'estimated'] as const) {
      const value = reading[kind];
      if (value === null) continue;
      row[lineKey(reading.version, kind)] = value;
      measured.add(lineKey(reading.version, kind));
    }
  }
  const lines: PerformanceLine[] = [];
  versionOrder(readings).forEach(({ version, role }, index) => {
    const label = role === null ? `v${version}` : `v${version} ${role}`;
    for (const kind of ['realised', 'estimated'] as const) {
      const key = lineKey(version, kind);
      if (measured.has(key))
        lines.push({
          key,
          name: `${label} ${kind}`,
          version,
          kind,
          colourIndex: index,
          dashed: kind === 'estimated',
        });
    }
  });
  return { rows: [...rows.values()].sort((a, b) => a.atMs - b.atMs), lines, readings };
}

/** The latest windows, newest first, for the table under the chart. */
export function latestReadings(readings: WindowReading[], windows: number): WindowReading[] {
  const starts = [...new Set(readings.map((r) => r.atMs))].sort((a, b) => b - a).slice(0, windows);
  const kept = new Set(starts);
  return readings.filter((r) => kept.has(r.atMs)).sort((a, b) => b.atMs - a.atMs || a.version - b.version);
}

/** The note under the chart: which method estimated, on what it rests, and why a version has none. */
export function estimationNote(
  report: MonitorReport,
): { method: string; assumptions: string[]; missing: string[] } | null {
  const estimate = report.estimate;
  if (estimate === null) return null;
  return {
    method: estimationMethodNames[estimate.method],
    assumptions: estimate.assumptions,
    missing: estimate.versions
      .filter((v) => !v.estimable && v.reason !== null)
      .map((v) => `v${v.version}: ${v.reason}`),
  };
}

/** Whether any version answered a request in the range: without traffic there is nothing to chart. */
export function hasTraffic(report: MonitorReport): boolean {
  return (report.performance?.versions ?? []).some((v) => v.points.length > 0);
}

export type PerformanceState = {
  report: Remote<MonitorReport>;
  window: PerformanceWindow;
  /** The metric asked for; the chart falls back to the first offered when the report lacks it. */
  metric: string | null;
  load(model: string | undefined): Promise<void>;
  setWindow(window: PerformanceWindow, model: string | undefined): Promise<void>;
  setMetric(metric: string): void;
};

export function createPerformanceStore(client: PodiumClient) {
  return createStore<PerformanceState>()((set, get) => ({
    report: idle(),
    window: 'day',
    metric: null,
    async load(model) {
      const window = get().window;
      set({ report: loading(get().report) });
      const result = await client.sendCatch('monitoring.report', {
        model,
        window,
        days: daysPerWindow[window],
      });
      // A late answer for another window size is dropped: the select has moved on.
      if (get().window !== window) return;
      set({ report: settle(get().report, result) });
    },
    async setWindow(window, model) {
      set({ window });
      await get().load(model);
    },
    setMetric(metric) {
      set({ metric });
    },
  }));
}
