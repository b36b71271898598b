/** A small inline bar histogram for table cells (many per page, so plain SVG rather than a chart). */
export function MiniHistogram(props: { counts: number[]; label: string; width?: number; height?: number }) {
  const width = props.width ?? 120;
  const height = props.height ?? 28;
  const max = Math.max(1, ...props.counts);
  const barWidth = props.counts.length === 0 ? 0 : width / props.counts.length;
  return (
    <svg width={width} height={height} role="img" aria-label={props.label}>
      {props.counts.map((count, index) => {
        const barHeight = (count / max) * (height - 2);
        return (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: bins are positional and never reorder.
            key={index}
            x={index * barWidth + 0.5}
            y={height - barHeight}
            width={Math.max(1, barWidth - 1)}
            height={barHeight}
            fill="#5b84d6"
          />
        );
      })}
    </svg>
  );
}
