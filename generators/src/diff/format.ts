/** `bdgen diff`'s text for people: the changes grouped by level, one line each, then the bump. */
import type { ChangeLevel, SpecDiff } from './changes.js';

const LEVELS: readonly ChangeLevel[] = ['breaking', 'minor', 'patch'];

export function formatSpecDiff(diff: SpecDiff): string[] {
  const lines: string[] = [];
  for (const level of LEVELS) {
    const changes = diff.changes.filter((c) => c.level === level);
    if (changes.length === 0) continue;
    lines.push(`${level} (${changes.length}):`);
    for (const c of changes) lines.push(`  [${c.rule}] ${c.pointer}: ${c.message}${c.languages ? ` (${c.languages.join(', ')} only)` : ''}`);
  }
  if (diff.changes.length === 0) lines.push('no changes');
  lines.push(`bump: ${diff.bump}`);
  return lines;
}
