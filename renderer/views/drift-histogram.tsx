import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { FeatureDrift } from '../../main/contract/index.js';
import { axisProps, ChartFrame, challengerColour, championColour } from '../components/charts.js';
import { formatPercent } from '../format.js';
import { histogramOverlay } from '../store/drift-store.js';

/** A feature's reference (training) and current shares per bin or category, overlaid. */
export function DriftHistogram(props: { feature: FeatureDrift; testId: string; label: string }) {
  return (
    <ChartFrame testId={props.testId} label={props.label} height={280}>
      <BarChart
        data={histogramOverlay(props.feature)}
        margin={{ top: 8, right: 16, bottom: 4, left: 4 }}
        barGap={0}
      >
        <CartesianGrid stroke="#edf0f5" />
        <XAxis dataKey="bin" {...axisProps} interval="preserveStartEnd" />
        <YAxis {...axisProps} width={56} tickFormatter={(v: number) => formatPercent(v, 1)} />
        <Tooltip formatter={(value) => formatPercent(Number(value))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar
          dataKey="reference"
          name="reference (training)"
          fill={championColour}
          fillOpacity={0.55}
          isAnimationActive={false}
        />
        <Bar
          dataKey="current"
          name="current"
          fill={challengerColour}
          fillOpacity={0.75}
          isAnimationActive={false}
        />
      </BarChart>
    </ChartFrame>
  );
}
