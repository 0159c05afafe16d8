/**
 * What the load stage will read and follow before it refuses a spec. A hostile
 * or broken spec (an alias bomb, a $ref chain 10,000 deep, a huge file) must
 * end in a diagnostic within seconds, not in a hang or a crash; every default
 * is far above what a real spec needs (ours: 43 KB, 1 file, depth < 20;
 * GitHub's: 13 MB in one file).
 */
export interface LoadLimits {
  /** Bytes in one file (root or referenced). */
  readonly maxFileBytes: number;
  /** Bytes in every file read, together. */
  readonly maxTotalBytes: number;
  /** Files read, the root included. */
  readonly maxFiles: number;
  /** Nodes that YAML aliases add to one file when they are expanded (each alias repeats the node it names). */
  readonly maxAliasExpansion: number;
  /** $refs followed one after another: a chain (A -> B -> C) or a nesting (A's property is B, whose property is C). */
  readonly maxRefDepth: number;
  /** $ref hops resolved in all: every $ref counts each hop of the chain it starts (20,000 $refs to a 99-long chain hung redocly). */
  readonly maxRefHops: number;
  /** How deep a walk of the spec goes, counting the nesting inside every file a $ref leads to. */
  readonly maxDepth: number;
  /** Milliseconds to fetch one remote file (only with remote references allowed). */
  readonly fetchTimeoutMs: number;
}

/*
 * Measured on this machine: GitHub's spec (13 MB of JSON, 1,223 operations,
 * the largest real spec of the corpus) is read, linted and generated in well
 * under a minute, so one file may be twice that and every file together
 * twice more; redocly's walkers overflow the stack near a
 * walk depth of 1,800 and take 23 s for a chain of 1,000 $refs (100: 2 s);
 * 2,000 $refs to the head of a 99-long chain (200,000 hops) take 20 s.
 */
export const DEFAULT_LOAD_LIMITS: LoadLimits = Object.freeze({
  maxFileBytes: 32 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxFiles: 1000,
  maxAliasExpansion: 100_000,
  maxRefDepth: 100,
  maxRefHops: 100_000,
  maxDepth: 500,
  fetchTimeoutMs: 10_000,
});

export type LimitName = keyof LoadLimits;

export const LIMIT_NAMES = Object.keys(DEFAULT_LOAD_LIMITS) as LimitName[];

/** The defaults with `overrides` laid over; throws on an unknown name or a value that is not a positive integer. */
export function resolveLimits(overrides: Partial<Record<string, unknown>> = {}): LoadLimits {
  const limits: Record<string, number> = { ...DEFAULT_LOAD_LIMITS };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!(LIMIT_NAMES as string[]).includes(name)) throw new RangeError(`unknown load limit ${JSON.stringify(name)}; the limits are ${LIMIT_NAMES.join(', ')}.`);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`the load limit ${name} must be a positive integer, got ${JSON.stringify(value)}.`);
    }
    limits[name] = value;
  }
  return Object.freeze(limits) as unknown as LoadLimits;
}

/**
 * Parses `name=value` assignments (what a `--limit` command-line option would
 * take, repeatable) into overrides for `resolveLimits`.
 */
export function parseLimitAssignments(assignments: readonly string[]): Partial<LoadLimits> {
  const overrides: Record<string, number> = {};
  for (const assignment of assignments) {
    const match = /^\s*([A-Za-z]+)\s*=\s*(\d[\d_]*)\s*$/.exec(assignment);
    if (!match) throw new RangeError(`expected name=value for a load limit, got ${JSON.stringify(assignment)}; the limits are ${LIMIT_NAMES.join(', ')}.`);
    overrides[match[1]!] = Number(match[2]!.replace(/_/g, ''));
  }
  resolveLimits(overrides); // same checks as loadSpec makes, so a typo is reported here
  return overrides as Partial<LoadLimits>;
}

/** How to raise a limit, for the hint of the diagnostic that names it. */
export function raiseLimitHint(name: LimitName, limits: LoadLimits): string {
  return `If the spec is meant to be this large, raise the limit: \`--limit ${name}=<n>\` on the command line or \`limits: { ${name}: <n> }\` for loadSpec (now ${limits[name]}).`;
}
