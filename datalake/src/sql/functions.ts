// The functions a query may call, by list: BigQuery's own names that the
// engine runs (DuckDB's function of the same name, or a macro of the engine,
// see data/engine.ts), and the names DuckDB's parser gives to BigQuery syntax.
// Every other function of DuckDB (duckdb_settings(), query(), current_setting(),
// read_csv(), ...) is one BigQuery does not have, and is refused as BigQuery
// refuses an unknown function. Lower case, as DuckDB's parser writes them.

/** BigQuery functions (scalar, aggregate, window) the local datalake runs. */
export const BIGQUERY_FUNCTIONS: ReadonlySet<string> = new Set([
  // aggregate and statistical
  'any_value', 'array_agg', 'avg', 'bit_and', 'bit_or', 'bit_xor', 'count', 'countif', 'logical_and', 'logical_or',
  'max', 'max_by', 'min', 'min_by', 'string_agg', 'sum', 'approx_count_distinct', 'corr', 'covar_pop', 'covar_samp',
  'stddev', 'stddev_pop', 'stddev_samp', 'var_pop', 'var_samp', 'variance',
  // window: navigation and numbering
  'first_value', 'lag', 'last_value', 'lead', 'nth_value', 'cume_dist', 'dense_rank', 'ntile', 'percent_rank', 'rank', 'row_number',
  // arrays
  'array_concat', 'array_length', 'array_reverse', 'array_slice', 'array_to_string', 'array_filter', 'array_transform', 'generate_array',
  // date and time
  'current_date', 'date_add', 'date_diff', 'date_sub', 'date_trunc', 'last_day', 'format_date', 'parse_date',
  // mathematical
  'abs', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atan2', 'atanh', 'cbrt', 'ceil', 'ceiling', 'cos', 'cosh', 'cot', 'exp',
  'floor', 'greatest', 'least', 'ln', 'log', 'log10', 'mod', 'pow', 'power', 'round', 'sign', 'sin', 'sinh', 'sqrt', 'tan',
  'tanh', 'trunc', 'safe_add', 'safe_divide', 'safe_multiply', 'safe_subtract',
  // strings
  'ascii', 'char_length', 'character_length', 'chr', 'concat', 'ends_with', 'from_base64', 'from_hex', 'instr', 'left',
  'length', 'lower', 'lpad', 'ltrim', 'octet_length', 'regexp_contains', 'regexp_extract', 'regexp_extract_all',
  'regexp_replace', 'repeat', 'replace', 'reverse', 'right', 'rpad', 'rtrim', 'split', 'starts_with', 'strpos', 'substr',
  'substring', 'to_base64', 'to_hex', 'translate', 'trim', 'unicode', 'upper',
  // JSON, hashes, geography, conditionals, debugging
  'json_extract', 'json_value', 'to_json', 'json_type', 'json_array', 'json_object', 'json_keys', 'json_contains',
  'md5', 'sha1', 'sha256', 'bit_count', 'st_astext', 'st_asbinary', 'st_geogpoint', 'nullif', 'error', 'session_user',
]);

/** What DuckDB's parser makes of BigQuery syntax: `[...]`, `(a, b)`, EXTRACT, INTERVAL n UNIT, COUNT(*), `x IN UNNEST(...)`, `/`. */
export const PARSER_FUNCTIONS: ReadonlySet<string> = new Set([
  'list_value', 'row', 'date_part', 'count_star', 'unnest', 'bq_divide',
  'to_years', 'to_quarters', 'to_months', 'to_weeks', 'to_days', 'to_hours', 'to_minutes', 'to_seconds', 'to_milliseconds', 'to_microseconds',
]);

/** BigQuery's operators as DuckDB's parser names them (LIKE is `~~`); `/` stays when the division rewrite leaves it. */
export const OPERATORS: ReadonlySet<string> = new Set(['+', '-', '*', '/', '||', '~', '&', '|', '^', '<<', '>>', '~~', '!~~']);

/** Table-valued functions: BigQuery's only built-in one the datalake runs is UNNEST in FROM. */
export const TABLE_FUNCTIONS: ReadonlySet<string> = new Set(['unnest']);
