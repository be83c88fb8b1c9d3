// duckdb_read.js FILE: reads a Parquet file with DuckDB and prints, as one
// JSON object, its column names and DuckDB types and every row, each value
// as DuckDB's own text for it (BLOBs as hex, lists as arrays of texts), so
// that a Go test can compare them with what Veil wrote. Used by
// connectors/format/parquet's TestDuckDBReadsVeilParquet; run it with
// NODE_PATH pointing at a node_modules holding @duckdb/node-api.
'use strict';
const { DuckDBInstance } = require('@duckdb/node-api');

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node duckdb_read.js FILE');
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  try { await con.run("SET TimeZone = 'UTC'"); } catch (e) { /* no ICU: times print in UTC anyway */ }
  const src = `read_parquet('${file.replace(/'/g, "''")}')`;
  const desc = await con.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`);
  const columns = desc.getRowObjectsJson().map(r => ({ name: r.column_name, type: r.column_type }));
  const text = (expr, type) => type === 'BLOB' ? `hex(${expr})` : `CAST(${expr} AS VARCHAR)`;
  const proj = columns.map(c => {
    const q = '"' + c.name.replace(/"/g, '""') + '"';
    if (c.type.endsWith('[]')) {
      return `list_transform(${q}, x -> ${text('x', c.type.slice(0, -2))})`;
    }
    return text(q, c.type);
  });
  const rows = proj.length === 0 ? [] :
    (await con.runAndReadAll(`SELECT ${proj.join(', ')} FROM ${src}`)).getRowsJson();
  const count = (await con.runAndReadAll(`SELECT count(*) AS n FROM ${src}`)).getRowObjectsJson()[0].n;
  process.stdout.write(JSON.stringify({ count: Number(count), columns, rows }));
}

main().catch(e => { process.stderr.write(String(e && e.message || e) + '\n'); process.exit(1); });
