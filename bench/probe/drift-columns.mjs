/**
 * Typed columns → Podium's drift columns (categories back to strings). The target and dates are
 * left out, as Podium's own `driftColumns` (main/monitoring/drift-columns.ts) leaves dates out.
 */
export function driftColumns(table) {
  return table.header.flatMap((name, c) => {
    if (name === 'target') return [];
    const column = table.columns[c];
    if (column.kind === 'category') {
      const { dictionary } = column;
      const values = Array.from(column.values, (code) => (code < 0 ? null : dictionary[code]));
      return [{ name, kind: 'categorical', values }];
    }
    if (column.kind === 'date') return [];
    return [{ name, kind: 'numeric', values: column.values }];
  });
}
