/** Shared by the load-stage tests: small specs around one `$ref`, and the CLI run as a real process. */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SpecError, type Diagnostic } from '../../../generators/src/diagnostics.js';
import { loadSpec, type LoadOptions } from '../../../generators/src/load/load-spec.js';

/** JSON pointer of the response schema that holds the `$ref` in `specWithRef`. */
export const REF_POINTER = '#/paths/~1things/get/responses/200/content/application~1json/schema';

/** A valid spec whose one response schema is `{$ref: ref}`; `tail` is appended (components, extensions). */
export function specWithRef(ref: string, tail = ''): string {
  return `openapi: 3.1.0
info:
  title: Hostile
  version: 1.0.0
  license: {name: MIT, identifier: MIT}
servers:
  - url: http://127.0.0.1:9
x-bd-packages:
  typescript: {name: hostile}
  python: {name: hostile, import: hostile}
  r: {name: hostile}
  stata: {name: hostile}
paths:
  /things:
    get:
      operationId: listThings
      summary: Things.
      description: Things.
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: ${JSON.stringify(ref)}
${tail}`;
}

/** Line of the `$ref` in `specWithRef` (where its diagnostics point). */
export const REF_LINE = specWithRef('x').split('\n').findIndex((line) => line.includes('$ref:')) + 1;

export function write(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

export async function loadError(file: string, options?: LoadOptions): Promise<SpecError> {
  try {
    await loadSpec(file, options);
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error(`${file} loaded without error`);
}

/** The one diagnostic of a refused load. */
export async function refusal(file: string, options?: LoadOptions): Promise<Diagnostic> {
  const { diagnostics } = await loadError(file, options);
  if (diagnostics.length !== 1) throw new Error(`expected one diagnostic, got ${diagnostics.length}: ${diagnostics.map((d) => d.message).join(' | ')}`);
  return diagnostics[0]!;
}

export interface ProcessRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const BDGEN = resolve('generators/bin/bdgen.mjs');

/** `node generators/bin/bdgen.mjs ...args` as its own process, killed after `killAfterMs`. */
export function runBdgen(args: readonly string[], killAfterMs = 30_000): Promise<ProcessRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BDGEN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
