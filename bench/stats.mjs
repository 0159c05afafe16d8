// Shared by the benchmark scripts: their command-line options and the median of their samples.

/** Takes `--name value` out of `argv` (so what is left is positional), or the fallback. */
export function takeOption(argv, name, fallback) {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const [, value] = argv.splice(i, 2);
  return value;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
