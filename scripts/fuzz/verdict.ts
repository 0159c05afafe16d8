/**
 * What one generate run of a mutant amounts to: exit 0 (its packages are
 * built next), exit 2 with well-formed refusals, or a failure saying why. A
 * refusal is well formed when every error names its rule, a file and a JSON
 * pointer (`error [rule] file:line at #/pointer: ...`), the last line says
 * nothing was written, no stack trace is printed and --out stays empty.
 * A partial run (some languages could not be generated, the others were) is
 * well formed when each failed language is said with placed errors, the last
 * line says the others were written, and --out holds only theirs.
 */
export type Verdict =
  | { readonly outcome: 'exit 0' }
  | { readonly outcome: 'exit 2'; readonly rules: readonly string[] }
  /** Exit 2 with these languages (display names) not generated: the others are in --out and are built next. */
  | { readonly outcome: 'partial'; readonly failed: readonly string[]; readonly rules: readonly string[] }
  | { readonly outcome: 'failure'; readonly reason: string };

export interface RunFacts {
  readonly code: number | 'threw';
  readonly stderr: string;
  /** Files under the mutant's folder (its spec, files outside its spec folder) that the run created or changed, --out aside. */
  readonly changedOutsideOut: readonly string[];
  /** Files in --out after the run. */
  readonly outFiles: number;
  /** The language folders in --out after the run (`ts`, `python`, ...). */
  readonly outLanguages?: readonly string[];
}

const PARTIAL_END = /not generated \(see above\); the other languages were written\.$/;

const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$|\b(TypeError|RangeError|URIError|ReferenceError|SyntaxError|InternalError)\b: /m;
const WELL_FORMED_ERROR = /^error \[[^\]]+\] (?!\(spec\))\S.* at #.*?: \S/;

export function classifyRun(run: RunFacts): Verdict {
  const firstLine = (text: string) => text.trim().split('\n')[0] ?? '';
  if (run.code === 'threw') return { outcome: 'failure', reason: `threw (exit 1 with a stack trace): ${firstLine(run.stderr)}` };
  if (run.changedOutsideOut.length > 0) return { outcome: 'failure', reason: `wrote outside --out: ${run.changedOutsideOut.join(', ')}` };
  const trace = STACK_TRACE.exec(run.stderr);
  if (trace) return { outcome: 'failure', reason: `printed a stack trace: ${trace[0].trim()}` };
  if (run.code === 0) return { outcome: 'exit 0' };
  if (run.code !== 2) return { outcome: 'failure', reason: `exit ${run.code}: ${firstLine(run.stderr)}` };
  const lines = run.stderr.trimEnd().split('\n');
  const errors = lines.filter((line) => line.startsWith('error ['));
  if (errors.length === 0) return { outcome: 'failure', reason: `exit 2 without an error paragraph: ${firstLine(run.stderr)}` };
  const unplaced = errors.find((line) => !WELL_FORMED_ERROR.test(line));
  if (unplaced) return { outcome: 'failure', reason: `a refusal without its file or pointer: ${unplaced.slice(0, 200)}` };
  const rules = [...new Set(errors.map((line) => /^error \[([^\]]+)\]/.exec(line)![1]!))];
  if (PARTIAL_END.test(lines.at(-1) ?? '')) {
    const failed = lines.flatMap((line) => /^bdgen: (.+) not generated: \d+ error\(s\)$/.exec(line)?.[1] ?? []);
    if (failed.length === 0) return { outcome: 'failure', reason: 'a partial run that names no language not generated' };
    if ((run.outLanguages ?? []).length === 0) return { outcome: 'failure', reason: 'a partial run that wrote no language' };
    return { outcome: 'partial', failed, rules };
  }
  if (!/nothing was written\.$/.test(lines.at(-1) ?? '')) return { outcome: 'failure', reason: `exit 2 whose last line is not "nothing was written": ${lines.at(-1)}` };
  if (run.outFiles > 0) return { outcome: 'failure', reason: `exit 2 but ${run.outFiles} files in --out` };
  return { outcome: 'exit 2', rules };
}
