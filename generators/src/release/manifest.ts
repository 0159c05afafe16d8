/** `manifest.json`: every artifact's path, sha256 and size, so what was published can be checked. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface ManifestEntry {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

export interface ReleaseManifest {
  readonly version: string;
  readonly files: readonly ManifestEntry[];
}

export const MANIFEST_FILE = 'manifest.json';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every file under `dir` but the manifest itself, by path (with `/`) relative to `dir`, sorted. */
export function buildManifest(dir: string, version: string): ReleaseManifest {
  const files = listFiles(dir)
    .map((file) => ({ file, path: relative(dir, file).split(sep).join('/') }))
    .filter(({ path }) => path !== MANIFEST_FILE)
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map(({ file, path }) => {
      const bytes = readFileSync(file);
      return { path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
    });
  return { version, files };
}
