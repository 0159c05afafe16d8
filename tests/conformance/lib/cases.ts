/** Loading the conformance cases: YAML files of cases, checked against their schema. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { BUNDLED_SPEC } from '../../../generators/src/paths.js';

/** The error kinds a case may expect: the spec's x-bd-errors, which every language raises. */
export const ERROR_KINDS: readonly string[] = (parse(readFileSync(BUNDLED_SPEC, 'utf8')) as { 'x-bd-errors': { kind: string }[] })['x-bd-errors'].map((e) => e.kind);
export type ErrorKindName = string;

export interface Case {
  readonly id: string;
  readonly function: string;
  readonly feature: string;
  readonly file: string;
  readonly args: Record<string, unknown>;
  readonly mode: 'page' | 'all';
  readonly env: Record<string, string | null>;
  readonly faults?: Record<string, unknown>;
  readonly pick?: readonly string[];
  /** Credentials the runner configures for this case only: catalogue headers, the BigQuery access token. */
  readonly auth?: CaseAuth;
  /** `{tmp}` as a tmpfs of `size_kb` (a full disk), holding `files` first. */
  readonly tmp?: { readonly size_kb?: number; readonly files?: Readonly<Record<string, string>> };
  /** Run in a runner of its own, sent this signal once a file exists in `{tmp}`. */
  readonly interrupt?: 'SIGINT' | 'SIGTERM';
  /** How a data function reads its rows: through the Storage Read API or REST, with Storage's options. */
  readonly read?: CaseRead;
  readonly expect: {
    readonly result?: unknown;
    readonly error?: ErrorKindName;
    readonly requests?: { readonly metadata?: number; readonly bigquery?: number; readonly storage?: number; readonly foreign?: number };
    /** Values the datalake must have quoted back in an `echo` fault (so they were sent). */
    readonly echoed?: readonly string[];
    /** File names in `{tmp}` and the sha256 each must have afterwards. */
    readonly files?: Readonly<Record<string, string>>;
    /** The runner exited on the interrupt, or answered `cancelled`. */
    readonly interrupted?: boolean;
    /** A text result (CSV, ...): its sha256 (UTF-8), number of lines, first line without its line break. */
    readonly text?: { readonly sha256?: string; readonly lines?: number; readonly first_line?: string };
    readonly file?: { readonly sha256?: string; readonly rows?: number; readonly columns?: readonly { name: string; type: string }[]; readonly rows_sha256?: string };
    /** Files left in the case's `{tmp}` folder afterwards (0: a failed download left nothing). */
    readonly files_in_tmp?: number;
  };
}

export interface CaseRead {
  readonly api: 'storage' | 'rest';
  readonly row_restriction?: string;
  readonly max_streams?: number;
}

export interface CaseAuth {
  readonly headers?: Readonly<Record<string, string>>;
  readonly token?: string;
}

const caseFileSchema = {
  type: 'object',
  required: ['function', 'feature', 'cases'],
  additionalProperties: false,
  properties: {
    function: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
    feature: { type: 'string', minLength: 1 },
    cases: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'expect'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9_]+/[a-z0-9_]+$' },
          feature: { type: 'string' },
          args: { type: 'object' },
          mode: { enum: ['page', 'all'] },
          env: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
          faults: { type: 'object' },
          pick: { type: 'array', items: { type: 'string' } },
          auth: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              headers: { type: 'object', additionalProperties: { type: 'string', minLength: 8 } },
              token: { type: 'string', minLength: 8 },
            },
          },
          tmp: {
            type: 'object',
            additionalProperties: false,
            properties: {
              size_kb: { type: 'integer', minimum: 16 },
              files: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
          interrupt: { enum: ['SIGINT', 'SIGTERM'] },
          read: {
            type: 'object',
            required: ['api'],
            additionalProperties: false,
            properties: {
              api: { enum: ['storage', 'rest'] },
              row_restriction: { type: 'string', minLength: 1 },
              max_streams: { type: 'integer', minimum: 1 },
            },
          },
          expect: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              result: {},
              error: { enum: [...ERROR_KINDS] },
              requests: {
                type: 'object',
                additionalProperties: false,
                properties: { metadata: { type: 'integer', minimum: 0 }, bigquery: { type: 'integer', minimum: 0 }, storage: { type: 'integer', minimum: 0 }, foreign: { type: 'integer', minimum: 0 } },
              },
              echoed: { type: 'array', minItems: 1, items: { type: 'string', minLength: 8 } },
              files: { type: 'object', minProperties: 1, additionalProperties: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
              interrupted: { const: true },
              text: {
                type: 'object',
                additionalProperties: false,
                minProperties: 1,
                properties: {
                  sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
                  lines: { type: 'integer', minimum: 0 },
                  first_line: { type: 'string' },
                },
              },
              files_in_tmp: { type: 'integer', minimum: 0 },
              file: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
                  rows: { type: 'integer', minimum: 0 },
                  rows_sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
                  columns: { type: 'array', items: { type: 'object', required: ['name', 'type'] } },
                },
              },
            },
            not: { anyOf: [{ required: ['result', 'error'] }, { required: ['text', 'error'] }, { required: ['text', 'result'] }] },
          },
        },
      },
    },
  },
};

const ajv = new Ajv2020.default({ allErrors: true, strict: false });
const validateCaseFile = ajv.compile(caseFileSchema);

export class CaseFileError extends Error {}

/** Reads every `*.yaml` of `dir`, in name order; throws naming the file and what is wrong. */
export function loadCases(dir: string): Case[] {
  const cases: Case[] = [];
  const ids = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    if (!validateCaseFile(doc)) {
      const problems = (validateCaseFile.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      throw new CaseFileError(`${file}: ${problems}`);
    }
    const { function: fn, feature, cases: list } = doc as { function: string; feature: string; cases: Record<string, unknown>[] };
    for (const raw of list) {
      const id = String(raw.id);
      if (!id.startsWith(`${fn}/`)) throw new CaseFileError(`${file}: case ${id} must start with "${fn}/"`);
      if (ids.has(id)) throw new CaseFileError(`${file}: case id ${id} is used twice`);
      const expectation = raw.expect as { interrupted?: boolean; error?: string; result?: unknown };
      if ((raw.interrupt !== undefined) !== (expectation.interrupted === true)) {
        throw new CaseFileError(`${file}: case ${id}: \`interrupt\` and \`expect.interrupted\` go together`);
      }
      if (raw.interrupt !== undefined && (expectation.error !== undefined || expectation.result !== undefined)) {
        throw new CaseFileError(`${file}: case ${id}: an interrupted case expects neither a result nor an error (the runner may exit)`);
      }
      ids.add(id);
      cases.push({
        id,
        function: fn,
        feature: typeof raw.feature === 'string' ? raw.feature : feature,
        file,
        args: (raw.args ?? {}) as Record<string, unknown>,
        mode: (raw.mode ?? 'page') as 'page' | 'all',
        env: (raw.env ?? {}) as Record<string, string | null>,
        ...(raw.faults ? { faults: raw.faults as Record<string, unknown> } : {}),
        ...(raw.pick ? { pick: raw.pick as string[] } : {}),
        ...(raw.auth ? { auth: raw.auth as CaseAuth } : {}),
        ...(raw.tmp ? { tmp: raw.tmp as Case['tmp'] & object } : {}),
        ...(raw.interrupt ? { interrupt: raw.interrupt as 'SIGINT' | 'SIGTERM' } : {}),
        ...(raw.read ? { read: raw.read as CaseRead } : {}),
        expect: raw.expect as Case['expect'],
      });
    }
  }
  return cases;
}
