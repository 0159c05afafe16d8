/** Copying a hand-written runtime into a package, verbatim: the same bytes in every package. */
import type { GeneratedFile } from './types.js';

/**
 * The runtime files under each source folder, at their place in the package
 * (`{ 'core/': 'src/core/' }`), in a stable order. A runtime is tested where it
 * lives; the copies are never edited.
 */
export function copyRuntime(runtime: ReadonlyMap<string, string>, folders: Readonly<Record<string, string>>): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const path of [...runtime.keys()].sort()) {
    const from = Object.keys(folders).find((folder) => path.startsWith(folder));
    if (from !== undefined) files.push({ path: `${folders[from]}${path.slice(from.length)}`, contents: runtime.get(path)! });
  }
  return files;
}
