/**
 * The harness's own checks of the transport and file rules: case files that
 * misuse the keys are refused, an error dump is searched for every credential of
 * the case (bare tokens and cookies a server set included), and `{tmp}` as a
 * tmpfs is really full.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCaseTmp, tmpfsUnavailable } from './lib/case-tmp.js';
import { CaseFileError, loadCases, type Case } from './lib/cases.js';
import { caseSecrets, dumpProblems } from './lib/secrets.js';
import { tempDir } from '../generators/helpers.js';

const write = (text: string) => {
  const dir = tempDir();
  mkdirSync(join(dir, 'cases'));
  writeFileSync(join(dir, 'cases', 'download.yaml'), `function: download\nfeature: f\ncases:\n${text}`);
  return join(dir, 'cases');
};

describe('case files with the transport keys', () => {
  it.each([
    ['an interrupt without expect.interrupted', '  - id: download/a\n    interrupt: SIGINT\n    expect: { files_in_tmp: 0 }\n', /go together/],
    ['expect.interrupted without an interrupt', '  - id: download/a\n    expect: { interrupted: true }\n', /go together/],
    ['an interrupted case that also expects an error', '  - id: download/a\n    interrupt: SIGTERM\n    expect: { interrupted: true, error: cancelled }\n', /neither a result nor an error/],
    ['a signal other than SIGINT and SIGTERM', '  - id: download/a\n    interrupt: SIGKILL\n    expect: { interrupted: true }\n', /interrupt/],
    ['a credential too short to be searched for', '  - id: download/a\n    auth: { token: abc }\n    expect: { error: server }\n', /token/],
    ['a file checksum that is not sha256', '  - id: download/a\n    expect: { files: { x.csv: abc } }\n', /files/],
  ])('refuse %s', (_name, text, message) => {
    expect(() => loadCases(write(text))).toThrow(CaseFileError);
    expect(() => loadCases(write(text))).toThrow(message);
  });

  it('read them into the case', () => {
    const [c] = loadCases(write('  - id: download/a\n    interrupt: SIGTERM\n    tmp: { size_kb: 64, files: { a.csv: "x" } }\n    auth: { headers: { X-Api-Key: key-0123456789 } }\n    expect: { interrupted: true }\n'));
    expect(c).toMatchObject({ interrupt: 'SIGTERM', tmp: { size_kb: 64, files: { 'a.csv': 'x' } }, auth: { headers: { 'X-Api-Key': 'key-0123456789' } } });
  });
});

describe('the error dump of a case with credentials', () => {
  const c: Case = {
    id: 'list_datasets/x', function: 'list_datasets', feature: 'f', file: 'x.yaml', args: {}, mode: 'page', env: {},
    auth: { headers: { Authorization: 'Bearer tok-FAKE-0123456789', 'X-Api-Key': 'key-FAKE-0123456789' }, token: 'ya29.FAKE-token-0123' },
    faults: { rules: [{ status: 503, setCookie: 'bd_session=cookie-FAKE-0123456789' }] },
    expect: { error: 'access_denied' },
  };

  it('is searched for every value, the bare token and the cookie a server set', () => {
    expect(caseSecrets(c).sort()).toEqual(['Bearer tok-FAKE-0123456789', 'cookie-FAKE-0123456789', 'key-FAKE-0123456789', 'tok-FAKE-0123456789', 'ya29.FAKE-token-0123'].sort());
  });

  it.each([
    ['a dump with none of them', 'AccessDeniedError: 403 Authorization: [redacted]; X-Api-Key: [redacted]', 0],
    ['the bare bearer token', 'detail: token tok-FAKE-0123456789 refused', 1],
    ['the API key in a problem field', "{'problem': {'request_headers': {'X-Api-Key': 'key-FAKE-0123456789'}}}", 1],
    ['a cookie the server set and the client sent back', 'Cookie: bd_session=cookie-FAKE-0123456789', 1],
    ['the BigQuery token', 'Bearer ya29.FAKE-token-0123', 1],
  ])('finds the leaks in %s', (_name, dump, leaks) => {
    expect(dumpProblems(c, dump)).toHaveLength(leaks);
  });

  it('is required when the case has credentials, and not otherwise', () => {
    expect(dumpProblems(c, undefined)).toEqual(['the case has credentials, and the runner sent no error.dump to check them against']);
    expect(dumpProblems({ ...c, auth: undefined } as Case, undefined)).toEqual([]);
  });
});

describe('{tmp} as a tmpfs', () => {
  const reason = tmpfsUnavailable();
  it.skipIf(reason !== undefined)(`is full after its size, and keeps the case's files (${reason ?? 'mounted here'})`, () => {
    const c = { id: 'download/x', tmp: { size_kb: 64, files: { 'old.csv': 'id\n1\n' } } } as unknown as Case;
    const tmp = makeCaseTmp(c);
    try {
      expect(tmp.files()).toEqual(['old.csv']);
      expect(() => writeFileSync(join(tmp.dir, 'big.bin'), Buffer.alloc(128 * 1024))).toThrow(/ENOSPC/);
    } finally {
      tmp.remove();
    }
  });
});
