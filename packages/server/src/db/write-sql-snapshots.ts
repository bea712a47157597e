import { sqlSnapshotCases } from './sql-snapshot-cases.ts';
import { renderSqlSnapshots, writeSqlSnapshots, QUERIES_DIR } from './sql-snapshots.ts';

// `npm run sql`: rewrites the committed SQL of the snapshot cases after a query changed.
const files = await renderSqlSnapshots(sqlSnapshotCases);
writeSqlSnapshots(files);
console.log(`wrote ${files.size} files of SQL to ${QUERIES_DIR}`);
