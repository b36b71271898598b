import type { KeyboardEvent, ReactNode } from 'react';

export type SortDirection = 'asc' | 'desc';
export type SortState = { key: string; direction: SortDirection };

export type Column<Row> = {
  key: string;
  header: string;
  render: (row: Row) => ReactNode;
  numeric?: boolean;
  /** Only columns with a sort key can be sorted by the header button. */
  sortable?: boolean;
};

/** The one table of the app: sticky header, sortable headers as buttons, keyboard-selectable rows. */
export function DataTable<Row>(props: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  label: string;
  sort?: SortState;
  onSort?: (key: string) => void;
  onRowClick?: (row: Row) => void;
  selectedKeys?: ReadonlySet<string>;
  testId?: string;
  maxHeight?: number;
}) {
  const activate = (row: Row) => props.onRowClick?.(row);
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, row: Row) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      activate(row);
    }
  };
  return (
    <div
      className="table-wrap"
      style={props.maxHeight === undefined ? undefined : { maxHeight: props.maxHeight }}
    >
      <table className="data" aria-label={props.label} data-testid={props.testId}>
        <thead>
          <tr>
            {props.columns.map((column) => {
              const sorted = props.sort?.key === column.key ? props.sort.direction : undefined;
              return (
                <th
                  key={column.key}
                  className={column.numeric ? 'num' : undefined}
                  aria-sort={sorted === undefined ? undefined : sorted === 'asc' ? 'ascending' : 'descending'}
                  scope="col"
                >
                  {column.sortable && props.onSort !== undefined ? (
                    <button type="button" className="sort-button" onClick={() => props.onSort?.(column.key)}>
                      {column.header}
                      {sorted === undefined ? '' : sorted === 'asc' ? ' ▲' : ' ▼'}
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => {
            const key = props.rowKey(row);
            const clickable = props.onRowClick !== undefined;
            return (
              <tr
                key={key}
                className={clickable ? 'clickable' : undefined}
                tabIndex={clickable ? 0 : undefined}
                aria-selected={props.selectedKeys === undefined ? undefined : props.selectedKeys.has(key)}
                onClick={clickable ? () => activate(row) : undefined}
                onKeyDown={clickable ? (event) => onKeyDown(event, row) : undefined}
              >
                {props.columns.map((column) => (
                  <td key={column.key} className={column.numeric ? 'num' : undefined}>
                    {column.render(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
