// DuckDB (@duckdb/node-api) as the reader: SQL over read_csv / read_parquet, then the result's
// vectors copied into the same typed columns as the byte parser (numbers Float64Array with NaN,
// categories Int32Array codes of an ENUM with -1, dates Int32Array epoch days with INT32_MIN).
import { importProbe } from './common.mjs';

export async function openDuckDb(options = {}) {
  const { DuckDBInstance } = await importProbe('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', options);
  const connection = await instance.connect();
  return { instance, connection };
}

const quote = (name) => `"${name.replaceAll('"', '""')}"`;
const literal = (text) => `'${text.replaceAll("'", "''")}'`;

/** Column names and DuckDB types of a relation (a table name or `read_csv(...)`). */
export async function describe(connection, relation) {
  const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`);
  return reader.getRowObjectsJS().map((row) => ({ name: row.column_name, type: row.column_type }));
}

/**
 * Materialises `relation` into the table `t` (DuckDB's own columns), then fetches typed columns.
 * `categorical` forces columns to dictionary codes whatever DuckDB inferred.
 */
export async function loadColumns(connection, relation, { categorical = [], materialise = true } = {}) {
  const source = materialise ? 't' : relation;
  if (materialise) await connection.run(`CREATE OR REPLACE TABLE t AS SELECT * FROM ${relation}`);
  const schema = await describe(connection, source);
  const kinds = schema.map(({ name, type }) => {
    if (categorical.includes(name) || type === 'VARCHAR' || type === 'BOOLEAN') return 'category';
    if (type === 'DATE') return 'date';
    return 'numeric';
  });
  const dictionaries = [];
  const selects = [];
  for (const [c, { name }] of schema.entries()) {
    const col = quote(name);
    if (kinds[c] === 'category') {
      // A dictionary per column: its distinct values, sorted; codes through enum_code.
      const reader = await connection.runAndReadAll(
        `SELECT DISTINCT ${col}::VARCHAR AS v FROM ${source} WHERE ${col} IS NOT NULL ORDER BY v`,
      );
      const values = reader.getColumnsJS()[0];
      dictionaries[c] = values;
      const type = `ENUM(${values.map(literal).join(', ')})`;
      selects.push(`coalesce(enum_code(${col}::VARCHAR::${type})::INTEGER, -1)`);
    } else if (kinds[c] === 'date') {
      selects.push(`coalesce((${col} - DATE '1970-01-01')::INTEGER, -2147483648)`);
    } else {
      selects.push(`coalesce(${col}::DOUBLE, 'NaN'::DOUBLE)`);
    }
  }
  const count = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${source}`);
  const rows = count.getRowObjectsJS()[0].n;
  // Streamed, not materialised: chunks come straight from the table scan.
  const result = await connection.stream(`SELECT ${selects.join(', ')} FROM ${source}`);
  const values = kinds.map((kind) => (kind === 'numeric' ? new Float64Array(rows) : new Int32Array(rows)));
  let offset = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    for (let c = 0; c < kinds.length; c++) values[c].set(chunk.getColumnVector(c).items, offset);
    offset += chunk.rowCount;
  }
  if (offset !== rows) throw new Error(`fetched ${offset} rows of ${rows}`);
  return {
    header: schema.map((column) => column.name),
    kinds,
    rows,
    columns: kinds.map((kind, c) => ({ kind, values: values[c], dictionary: dictionaries[c] })),
  };
}

export function csvRelation(file) {
  return `read_csv(${literal(file)}, header = true)`;
}

export function parquetRelation(file) {
  return `read_parquet(${literal(file)})`;
}
