/**
 * Which files a spec may make bdgen read: only regular files inside the root
 * spec's folder tree (symlinks resolved), nothing remote unless allowed, and
 * nothing at all read or fetched before that check.
 */
import { execFileSync } from 'node:child_process';
import { constants, mkdirSync, openSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../../generators/src/load/load-spec.js';
import { runCli, tempDir, until } from '../helpers.js';
import { loadError, REF_LINE, REF_POINTER, refusal, specWithRef, write } from './hostile-specs.js';

/** A tree with the spec folder and, beside it, files the spec must never reach. */
function tree() {
  const root = tempDir('bdgen-refs-');
  const spec = join(root, 'spec');
  const outside = join(root, 'outside');
  mkdirSync(spec);
  mkdirSync(outside);
  const secret = write(join(outside, 'secret.yaml'), 'Thing: {type: string, description: SECRET-CONTENT}\n');
  // Opening a FIFO for reading blocks until a writer comes: a load that opened it would hang.
  const pipe = join(outside, 'pipe.yaml');
  execFileSync('mkfifo', [pipe]);
  const withRef = (ref: string, tail = '') => write(join(spec, 'openapi.yaml'), specWithRef(ref, tail));
  return { root, spec, outside, secret, pipe, withRef };
}

/** Throws ENXIO when no process has the FIFO open for reading: proof nothing is stuck reading it. */
function expectNoReader(pipe: string): void {
  expect(() => openSync(pipe, constants.O_WRONLY | constants.O_NONBLOCK)).toThrow(/ENXIO/);
}

describe('references out of the spec folder are refused', () => {
  it.each([
    '../../etc/passwd',
    '../../../../../../../../../../etc/passwd',
    '/etc/passwd',
    'file:///proc/self/environ',
    '/proc/self/environ#/PATH',
  ])('%s', async (ref) => {
    const { withRef } = tree();
    const file = withRef(ref);
    const d = await refusal(file);
    expect(d).toMatchObject({ severity: 'error', rule: 'bdgen/ref-outside-spec', file, pointer: REF_POINTER, line: REF_LINE });
    expect(d.message).toContain("outside the spec's folder");
    expect(d.message).not.toMatch(/root:|PATH=/);
  });

  it('reads nothing out of the tree: a FIFO there is never opened, however it is named', { timeout: 10_000 }, async () => {
    const t = tree();
    symlinkSync(t.pipe, join(t.spec, 'link.yaml'));
    symlinkSync(t.outside, join(t.spec, 'folder'));
    for (const ref of ['../outside/pipe.yaml', t.pipe, pathToFileURL(t.pipe).href, './link.yaml', './folder/pipe.yaml']) {
      const d = await refusal(t.withRef(ref));
      expect(d, ref).toMatchObject({ rule: 'bdgen/ref-outside-spec', pointer: REF_POINTER, line: REF_LINE });
    }
    expectNoReader(t.pipe);
  });

  it('follows symlinks before deciding: a link in the tree to a file outside is refused, its text never shown', async () => {
    const t = tree();
    symlinkSync(t.secret, join(t.spec, 'shared.yaml'));
    const d = await refusal(t.withRef('./shared.yaml#/Thing'));
    expect(d).toMatchObject({ rule: 'bdgen/ref-outside-spec', pointer: REF_POINTER });
    expect(d.message).toContain(`a link to ${t.secret}`);
    expect(d.message).not.toContain('SECRET-CONTENT');
  });

  it('refuses an example externalValue out of the tree as well (redocly follows it like a $ref)', async () => {
    const t = tree();
    write(join(t.spec, 'thing.yaml'), 'Thing: {type: string}\n');
    const file = t.withRef('./thing.yaml#/Thing', 'components:\n  examples:\n    Leak:\n      externalValue: /etc/passwd\n');
    expect(await refusal(file)).toMatchObject({ rule: 'bdgen/ref-outside-spec', file, pointer: '#/components/examples/Leak' });
  });

  it('refuses a FIFO or a folder inside the tree without opening it', { timeout: 10_000 }, async () => {
    const t = tree();
    const pipe = join(t.spec, 'pipe.yaml');
    execFileSync('mkfifo', [pipe]);
    mkdirSync(join(t.spec, 'folder.yaml'));
    const piped = await refusal(t.withRef('./pipe.yaml'));
    expect(piped).toMatchObject({ rule: 'bdgen/not-a-file', pointer: REF_POINTER, line: REF_LINE });
    expect(piped.message).toContain('named pipe');
    expect(await refusal(t.withRef('./folder.yaml'))).toMatchObject({ rule: 'bdgen/not-a-file', pointer: REF_POINTER });
    expect(await refusal(t.withRef('./'))).toMatchObject({ rule: 'bdgen/not-a-file', pointer: REF_POINTER });
    expectNoReader(pipe);
  });

  it.each(['data:application/yaml,type: string', 'ftp://127.0.0.1/thing.yaml', 'file://elsewhere/thing.yaml'])('refuses the scheme of %s', async (ref) => {
    const d = await refusal(tree().withRef(ref));
    expect(d).toMatchObject({ rule: 'bdgen/ref-scheme', pointer: REF_POINTER, line: REF_LINE });
  });

  it('still reads files in subfolders and links that stay inside the tree', async () => {
    const t = tree();
    write(join(t.spec, 'schemas', 'thing.yaml'), 'Thing: {$ref: "./part.yaml#/Part"}\n');
    write(join(t.spec, 'schemas', 'part.yaml'), 'Part: {type: string}\n');
    symlinkSync(join(t.spec, 'schemas'), join(t.spec, 'linked'));
    const spec = await loadSpec(t.withRef('./linked/thing.yaml#/Thing'));
    expect(spec.files).toEqual([join(t.spec, 'openapi.yaml'), join(t.spec, 'linked', 'part.yaml'), join(t.spec, 'linked', 'thing.yaml')]);
  });
});

describe('remote references', () => {
  const requests: string[] = [];
  const slowClosed: number[] = [];
  let server: import('node:http').Server;
  let base = '';

  beforeAll(async () => {
    const { createServer } = await import('node:http');
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const url = request.url ?? '';
      if (url.startsWith('/evil.yaml')) response.end('Thing: {type: object, properties: {evil: {type: string, description: EVIL-TEXT}}, x-more: {$ref: "./more.yaml#/More"}}\n');
      else if (url === '/more.yaml') response.end('More: {type: string}\n');
      else if (url === '/local.yaml') response.end('Thing: {$ref: "file:///etc/passwd"}\n');
      else if (url === '/big-declared.yaml') response.end(`Thing: {type: string, description: "${'x'.repeat(5000)}"}\n`);
      else if (url === '/big-chunked.yaml') {
        for (let i = 0; i < 10; i++) response.write(`# ${'x'.repeat(500)}\n`);
        response.end('Thing: {type: string}\n');
      } else if (url === '/slow.yaml') {
        // Never answers; records when the client gives up and closes the connection.
        request.socket.on('close', () => slowClosed.push(performance.now()));
      } else response.writeHead(404).end();
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  });

  it('are refused by default, by loadSpec, validate and generate, and the server sees zero requests', async () => {
    const file = tree().withRef(`${base}/evil.yaml#/Thing`);
    requests.length = 0;
    const d = await refusal(file);
    expect(d).toMatchObject({ rule: 'bdgen/ref-remote', file, pointer: REF_POINTER, line: REF_LINE });
    expect(d.hint).toContain('--allow-remote-refs');

    const validate = await runCli('validate', '--spec', file);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain('error [bdgen/ref-remote]');
    const out = tempDir();
    const generate = await runCli('generate', '--spec', file, '--out', out);
    expect(generate.code).toBe(2);
    expect(generate.stderr).not.toContain('EVIL-TEXT');
    expect(readdirSync(out)).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('are refused in a discriminator mapping too, at the mapping value', async () => {
    const pet = `components:\n  schemas:\n    Pet:\n      type: object\n      discriminator:\n        propertyName: kind\n        mapping:\n          cat: "${base}/cat.yaml"\n          dog: "/etc/passwd"\n          bird: "#/components/schemas/Pet"\n`;
    const file = tree().withRef('#/components/schemas/Pet', pet);
    requests.length = 0;
    const { diagnostics } = await loadError(file);
    expect(diagnostics).toMatchObject([
      { rule: 'bdgen/ref-remote', file, pointer: '#/components/schemas/Pet/discriminator/mapping/cat', line: REF_LINE + 8 },
      { rule: 'bdgen/ref-outside-spec', file, pointer: '#/components/schemas/Pet/discriminator/mapping/dog', line: REF_LINE + 9 },
    ]);
    expect(requests).toEqual([]);
  });

  it('never show a user, password or query of the URL', async () => {
    const d = await refusal(tree().withRef(`http://user:hunter2@127.0.0.1:9/evil.yaml?token=s3cret#/Thing`));
    expect(JSON.stringify(d)).not.toMatch(/hunter2|s3cret|user:/);
    expect(d.message).toContain('http://127.0.0.1:9/evil.yaml?');
  });

  it('are fetched with the opt-in, with their own relative $refs, and end up in the bundle', async () => {
    requests.length = 0;
    const spec = await loadSpec(tree().withRef(`${base}/evil.yaml#/Thing`), { allowRemoteRefs: true });
    expect(spec.files).toEqual(expect.arrayContaining([`${base}/evil.yaml`, `${base}/more.yaml`]));
    expect(requests).toEqual(['/evil.yaml', '/more.yaml']);
    const { bundleSpec } = await import('../../../generators/src/ir/bundle.js');
    expect(JSON.stringify(await bundleSpec(spec))).toContain('EVIL-TEXT');
  });

  it('never lead from a remote file to a local one', async () => {
    const d = await refusal(tree().withRef(`${base}/local.yaml#/Thing`), { allowRemoteRefs: true });
    expect(d).toMatchObject({ rule: 'bdgen/ref-scheme', file: `${base}/local.yaml`, pointer: '#/Thing' });
  });

  it.each(['/big-declared.yaml', '/big-chunked.yaml'])('stop reading %s at maxFileBytes', async (path) => {
    const d = await refusal(tree().withRef(`${base}${path}#/Thing`), { allowRemoteRefs: true, limits: { maxFileBytes: 1000 } });
    expect(d).toMatchObject({ rule: 'bdgen/limit-file-size', pointer: REF_POINTER });
    expect(d.message).toContain('maxFileBytes of 1000');
  });

  it('give up on a server that does not answer after fetchTimeoutMs', async () => {
    const d = await refusal(tree().withRef(`${base}/slow.yaml#/Thing`), { allowRemoteRefs: true, limits: { fetchTimeoutMs: 300 } });
    expect(d).toMatchObject({ rule: 'bdgen/limit-fetch-time', pointer: REF_POINTER });
    expect(d.message).toContain('fetchTimeoutMs');
    // The server never answered: the load ended because the client closed the connection, not the server.
    await until(() => slowClosed.length > 0);
    expect(slowClosed).toHaveLength(1);
  });
});
