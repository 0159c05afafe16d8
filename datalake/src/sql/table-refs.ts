// Where a table name of a query points: `project.dataset.table`, `dataset.table`
// in the default dataset's project or the job's, a bare `table` in the default
// dataset, as BigQuery resolves them.
import { SqlSyntaxError } from './tokenize.js';

export interface TableRef {
  project: string;
  dataset: string;
  table: string;
  /** Offset of the name in the original SQL. */
  offset: number;
}

export interface NameDefaults {
  /** Project of the job; resolves `dataset.table`. */
  defaultProject: string;
  /** The request's defaultDataset; resolves bare `table` names. */
  defaultDataset?: { projectId?: string; datasetId: string } | undefined;
}

/**
 * The table a dotted name in a FROM position names, or undefined when a bare
 * name cannot be a table (DuckDB then sees it as it is). `parts` are the name's
 * pieces; `backticked[0]` whether its first piece was quoted.
 */
export function resolveTableRef(parts: readonly string[], backticked: readonly boolean[], defaults: NameDefaults, offset: number): TableRef | undefined {
  if (parts.length >= 3) {
    const [project, dataset, ...rest] = parts;
    return { project: project!, dataset: dataset!, table: rest.join('.'), offset };
  }
  const project = defaults.defaultDataset?.projectId ?? defaults.defaultProject;
  if (parts.length === 2) return { project, dataset: parts[0]!, table: parts[1]!, offset };
  if (defaults.defaultDataset) return { project, dataset: defaults.defaultDataset.datasetId, table: parts[0]!, offset };
  if (backticked[0] || /^[a-z0-9_]+$/i.test(parts[0]!)) {
    throw new SqlSyntaxError(`Table name "${parts[0]}" missing dataset while no default dataset is set in the request.`, offset);
  }
  return undefined;
}
