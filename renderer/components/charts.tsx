import type { ReactNode } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../format.js';

/** The palette every chart uses, in order: champion/reference blue first, challenger/current orange next. */
export const chartColours = ['#2457c5', '#e07b22', '#2f9e6a', '#8e44ad', '#c8392b', '#1a9bb0', '#7a6f1e'];
export const championColour = chartColours[0];
export const challengerColour = chartColours[1];

export const axisProps = { stroke: '#8a94a6', fontSize: 12, tickLine: false } as const;

export function ChartFrame(props: { testId: string; label: string; height?: number; children: ReactNode }) {
  return (
    <figure
      data-testid={props.testId}
      aria-label={props.label}
      style={{ margin: 0, width: '100%', height: props.height ?? 240 }}
    >
      <ResponsiveContainer width="100%" height="100%">
        {props.children as React.ReactElement}
      </ResponsiveContainer>
    </figure>
  );
}

export type LineSpec = { key: string; name: string; colour?: string; dashed?: boolean };

/** Whole powers of ten around the data, so a log axis has readable ends. */
function logDomain(data: Record<string, unknown>[], lines: LineSpec[]): [number, number] {
  const values = data.flatMap((row) =>
    lines.map((line) => row[line.key]).filter((v): v is number => typeof v === 'number' && v > 0),
  );
  if (values.length === 0) return [1, 10];
  return [
    10 ** Math.floor(Math.log10(Math.min(...values))),
    10 ** Math.ceil(Math.log10(Math.max(...values))),
  ];
}

/** A line chart over rows keyed by `xKey`; every line spec reads one numeric field of the rows. */
export function SimpleLineChart(props: {
  testId: string;
  label: string;
  data: Record<string, unknown>[];
  xKey: string;
  xLabel?: string;
  lines: LineSpec[];
  height?: number;
  xFormatter?: (value: number) => string;
  yFormatter?: (value: number) => string;
  yDomain?: [number, number];
  /** 'log' for values spanning orders of magnitude (all must be positive). */
  yScale?: 'log' | 'linear';
}) {
  const yFormatter = props.yFormatter ?? ((value: number) => formatNumber(value, 3));
  const log = props.yScale === 'log';
  return (
    <ChartFrame testId={props.testId} label={props.label} height={props.height}>
      <LineChart data={props.data} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
        <CartesianGrid stroke="#edf0f5" />
        <XAxis
          dataKey={props.xKey}
          {...axisProps}
          tickFormatter={props.xFormatter}
          type="number"
          domain={['dataMin', 'dataMax']}
          allowDecimals={false}
          label={
            props.xLabel === undefined
              ? undefined
              : { value: props.xLabel, position: 'insideBottomRight', offset: -2, fontSize: 12 }
          }
        />
        <YAxis
          {...axisProps}
          width={64}
          tickFormatter={yFormatter}
          scale={log ? 'log' : 'auto'}
          domain={props.yDomain ?? (log ? logDomain(props.data, props.lines) : ['auto', 'auto'])}
          allowDataOverflow={log}
        />
        <Tooltip
          formatter={(value) => (typeof value === 'number' ? yFormatter(value) : String(value))}
          labelFormatter={(value) =>
            props.xFormatter !== undefined && typeof value === 'number'
              ? props.xFormatter(value)
              : String(value)
          }
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {props.lines.map((line, index) => (
          <Line
            key={line.key}
            dataKey={line.key}
            name={line.name}
            stroke={line.colour ?? chartColours[index % chartColours.length]}
            strokeWidth={2}
            strokeDasharray={line.dashed ? '5 4' : undefined}
            dot={props.data.length < 40}
            isAnimationActive={false}
            connectNulls
          />
        ))}
      </LineChart>
    </ChartFrame>
  );
}
