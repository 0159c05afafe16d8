/**
 * Once before all test files: build @basedosdados/sdk (tsup), so tests that
 * import the package by name (examples, the consumer type-check, attw) see
 * this checkout's code, and no two files rebuild it at once.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
  execFileSync(resolve('node_modules/.bin/tsup'), [], { cwd: resolve('sdk-ts'), stdio: ['ignore', 'ignore', 'inherit'] });
}
