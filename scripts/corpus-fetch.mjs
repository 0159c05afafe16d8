/**
 * The corpus's specs on disk: tests/corpus/specs.json names each by npm
 * package, version, file and sha256; fetchSpec brings it into .corpus/
 * (git-ignored) with `npm pack`, the npm registry only, and checks it.
 * Used by scripts/corpus.mjs and bench/generate.mjs.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from './corpus-lib.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, '.corpus');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export function loadManifest() {
  return JSON.parse(readFileSync(join(root, 'tests/corpus/specs.json'), 'utf8'));
}

/** The spec file, from the cache or from its package (npm pack), checked against its sha256. */
export function fetchSpec(spec) {
  const target = join(cacheDir, `${spec.id}${extname(spec.file)}`);
  if (existsSync(target) && sha256(readFileSync(target)) === spec.sha256) return target;
  const packages = join(cacheDir, 'packages');
  mkdirSync(packages, { recursive: true });
  const tarball = join(packages, `${spec.package.replace(/^@/, '').replace('/', '-')}-${spec.version}.tgz`);
  if (!existsSync(tarball)) {
    const packed = spawnSync(npm, ['pack', `${spec.package}@${spec.version}`, '--pack-destination', packages, '--json', '--silent'], { cwd: root, encoding: 'utf8' });
    if (packed.status !== 0) throw new Error(`npm pack ${spec.package}@${spec.version} failed: ${packed.stderr.trim().split('\n').slice(-3).join(' ')}`);
    const [{ filename }] = JSON.parse(packed.stdout);
    if (join(packages, filename) !== tarball) copyFileSync(join(packages, filename), tarball);
  }
  const unpacked = mkdtempSync(join(cacheDir, 'unpack-'));
  try {
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', unpacked, `package/${spec.file}`], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`${tarball} has no package/${spec.file}: ${untar.stderr.trim()}`);
    const bytes = readFileSync(join(unpacked, 'package', spec.file));
    const got = sha256(bytes);
    if (got !== spec.sha256) throw new Error(`${spec.package}@${spec.version} ${spec.file} has sha256 ${got}, not the pinned ${spec.sha256}`);
    // Renamed into place: a test reading the cache at the same time sees the whole file or none.
    copyFileSync(join(unpacked, 'package', spec.file), `${target}.${process.pid}.tmp`);
    renameSync(`${target}.${process.pid}.tmp`, target);
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
  return target;
}

