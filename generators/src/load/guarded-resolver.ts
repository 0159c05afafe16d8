/**
 * The one resolver of a loaded spec (lint and bundling reuse it): redocly's
 * BaseResolver with every read checked first. By default it reads only
 * regular files inside the root spec's folder tree (after following symlinks)
 * and fetches nothing; a remote `$ref` needs the explicit opt-in. Every file
 * counts against the load limits before a byte of it is read.
 */
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseResolver, Source, type Document } from '@redocly/openapi-core';
import { pointerOf } from '../diagnostics.js';
import { measureAliasExpansion } from './alias-expansion.js';
import { locate } from './locate.js';
import { raiseLimitHint, type LimitName, type LoadLimits } from './limits.js';
import { LoadRefusal } from './refusal.js';

export interface ResolverPolicy {
  /** Absolute path of the root spec, as given: the one file read wherever it is. */
  readonly rootFile: string;
  readonly allowRemoteRefs: boolean;
  readonly limits: LoadLimits;
}

const HTTP_URL = /^https?:\/\//i;
const ANY_SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * The text of one file. Diagnostics find their line through yaml-ast-parser,
 * whose duplicate-key check is quadratic per mapping (20,000 keys: 10 s for
 * one line number); js-yaml has already refused duplicate keys, so skip it.
 */
class SpecSource extends Source {
  override getAst(safeLoad: Parameters<Source['getAst']>[0]): ReturnType<Source['getAst']> {
    return super.getAst((input, options) => safeLoad(input, { ...options, ignoreDuplicateKeys: true }));
  }
}

export class GuardedResolver extends BaseResolver {
  private filesRead = 0;
  private bytesRead = 0;
  private readonly treeRoot: string;
  private treeRootReal: Promise<string> | undefined;

  constructor(readonly policy: ResolverPolicy) {
    super();
    this.treeRoot = dirname(policy.rootFile);
  }

  override resolveExternalRef(base: string | null, ref: string): string {
    if (HTTP_URL.test(ref)) return ref;
    // Relative to a remote file is remote too (or a scheme refused below: a remote file never reaches local ones).
    if (base && HTTP_URL.test(base)) return new URL(ref, base).href;
    if (/^file:/i.test(ref)) {
      try {
        return fileURLToPath(ref);
      } catch {
        return ref; // a file URL with a host: refused as a scheme
      }
    }
    if (ANY_SCHEME.test(ref)) return ref;
    return resolve(base ? dirname(base) : process.cwd(), ref);
  }

  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    if (HTTP_URL.test(absoluteRef)) {
      if (!this.policy.allowRemoteRefs) {
        throw new LoadRefusal(
          'bdgen/ref-remote',
          `the $ref leads to the remote file ${displayUrl(absoluteRef)}; bdgen fetches nothing unless remote references are allowed.`,
          'Download the file into the spec\'s folder and point the $ref at the copy, or allow remote references (`--allow-remote-refs`) if you trust the server.',
        );
      }
      return this.fetchRemote(absoluteRef);
    }
    if (!isAbsolute(absoluteRef)) {
      const scheme = ANY_SCHEME.exec(absoluteRef)?.[1] ?? absoluteRef;
      throw new LoadRefusal(
        'bdgen/ref-scheme',
        `the $ref ${JSON.stringify(shorten(absoluteRef))} uses a scheme bdgen does not read (${scheme}:).`,
        'A $ref is a JSON pointer (#/...), a file path relative to the file that holds it or, with remote references allowed, an http(s) URL.',
      );
    }
    return this.readLocal(absoluteRef);
  }

  override parseDocument(source: Source, isRoot = false): Document {
    // JSON is YAML too, but JSON.parse reads GitHub's 13 MB spec ten times faster than js-yaml; a
    // file JSON.parse refuses goes to js-yaml, whose message says where. JSON has no aliases.
    const json = looksLikeJson(source, isRoot) ? tryJsonParse(source.body) : undefined;
    if (json !== undefined) return { source, parsed: json };
    const document = super.parseDocument(source, isRoot);
    // Only a YAML alias (`*name`) makes js-yaml share a node; no `*`, nothing to expand.
    if (typeof document.parsed === 'object' && document.parsed !== null && source.body.includes('*')) {
      this.checkAliasExpansion(document);
    }
    return document;
  }

  private checkAliasExpansion(document: Document): void {
    const limit = this.policy.limits.maxAliasExpansion;
    const { added, worst } = measureAliasExpansion(document.parsed, limit);
    if (added <= limit || !worst) return;
    const pointer = pointerOf(worst.tokens);
    const start = locate({ source: document.source, pointer });
    const where = { file: document.source.absoluteRef, pointer, line: start.line, column: start.col };
    if (worst.nodes === Infinity) {
      throw new LoadRefusal('bdgen/limit-alias-expansion', 'this YAML alias repeats a node that contains it, so the file has no end once expanded.', 'Replace the alias with the content it should repeat.', where);
    }
    throw new LoadRefusal(
      'bdgen/limit-alias-expansion',
      `YAML aliases expand this file by more than ${limit.toLocaleString('en')} nodes (the limit maxAliasExpansion); this alias alone repeats ${worst.nodes.toLocaleString('en')} nodes. Every tool that reads the spec walks each copy, so bdgen reads no further.`,
      raiseLimitHint('maxAliasExpansion', this.policy.limits),
      where,
    );
  }

  private async readLocal(path: string): Promise<Source> {
    const isRoot = path === this.policy.rootFile;
    // Checked on the path as written first, so a $ref out of the tree touches nothing.
    if (!isRoot && !isInside(this.treeRoot, path)) throw outsideTree(path, this.treeRoot);
    const real = await realpath(path).catch((error: NodeJS.ErrnoException) => {
      throw new Error(error.code === 'ENOENT' ? `no such file ${path}` : `cannot read ${path} (${error.code ?? error.message})`);
    });
    if (!isRoot && !isInside(await this.realTreeRoot(), real)) throw outsideTree(path, this.treeRoot, real);
    const info = await stat(real);
    if (!info.isFile()) throw notAFile(path, info);
    this.count(path, info.size);

    // O_NONBLOCK: a FIFO swapped in after the stat cannot make the open wait; fstat again on what was opened.
    const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      const opened = await handle.stat();
      if (!opened.isFile()) throw notAFile(path, opened);
      const max = this.policy.limits.maxFileBytes;
      const buffer = Buffer.alloc(Math.min(opened.size, max) + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length > max) throw this.tooLarge(path, length, false);
        if (length === buffer.length) break;
      }
      // As redocly does: \r\n line ends count as \n for line numbers.
      return new SpecSource(path, buffer.subarray(0, length).toString('utf8').replace(/\r\n/g, '\n'));
    } finally {
      await handle.close();
    }
  }

  private async fetchRemote(url: string): Promise<Source> {
    this.count(url, 0);
    const shown = displayUrl(url);
    const timeout = this.policy.limits.fetchTimeoutMs;
    const timedOut = (error: unknown) => (error as { name?: string } | null)?.name === 'TimeoutError';
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeout) });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`${shown} answered HTTP ${response.status}`);
      }
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (declared > this.policy.limits.maxFileBytes) {
        await response.body?.cancel();
        throw this.tooLarge(shown, declared);
      }
      const chunks: Uint8Array[] = [];
      let length = 0;
      for await (const chunk of response.body ?? []) {
        length += chunk.byteLength;
        if (length > this.policy.limits.maxFileBytes) throw this.tooLarge(shown, length, false);
        chunks.push(chunk);
      }
      this.count(url, length, false);
      return new SpecSource(url, Buffer.concat(chunks).toString('utf8'), response.headers.get('content-type') ?? undefined);
    } catch (error) {
      if (error instanceof LoadRefusal) throw error;
      if (timedOut(error)) {
        throw new LoadRefusal('bdgen/limit-fetch-time', `fetching ${shown} took longer than ${timeout} ms (the limit fetchTimeoutMs).`, raiseLimitHint('fetchTimeoutMs', this.policy.limits));
      }
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new Error(`could not fetch ${shown}${cause ? ` (${cause})` : ''}: ${(error as Error).message}`);
    }
  }

  /** Counts one more file (or, with `newFile` false, more bytes of the last one) against the limits. */
  private count(what: string, bytes: number, newFile = true): void {
    const { maxFiles, maxFileBytes, maxTotalBytes } = this.policy.limits;
    if (bytes > maxFileBytes) throw this.tooLarge(what, bytes);
    if (newFile && this.filesRead + 1 > maxFiles) {
      throw this.overLimit('bdgen/limit-files', 'maxFiles', `reading ${what} would make ${maxFiles + 1} files, over the limit maxFiles of ${maxFiles}.`);
    }
    if (this.bytesRead + bytes > maxTotalBytes) {
      throw this.overLimit('bdgen/limit-total-size', 'maxTotalBytes', `reading ${what} (${bytes} bytes) would bring the files read to ${this.bytesRead + bytes} bytes, over the limit maxTotalBytes of ${maxTotalBytes}.`);
    }
    if (newFile) this.filesRead += 1;
    this.bytesRead += bytes;
  }

  /** `exact`: the size is known (stat, Content-Length); else reading stopped just past the limit. */
  private tooLarge(what: string, bytes: number, exact = true): LoadRefusal {
    const max = this.policy.limits.maxFileBytes;
    return this.overLimit('bdgen/limit-file-size', 'maxFileBytes', `${what} has ${exact ? bytes : `more than ${max}`} bytes, over the limit maxFileBytes of ${max}; bdgen reads no more of it.`);
  }

  private overLimit(rule: string, name: LimitName, message: string): LoadRefusal {
    return new LoadRefusal(rule, message, raiseLimitHint(name, this.policy.limits));
  }

  private realTreeRoot(): Promise<string> {
    this.treeRootReal ??= realpath(this.treeRoot);
    return this.treeRootReal;
  }
}

/** A file redocly would parse (the root, or a .json/.yaml name or media type) whose text is a JSON object or array. */
function looksLikeJson(source: Source, isRoot: boolean): boolean {
  const specFile = isRoot || /\.(json|ya?ml)$/i.test(source.absoluteRef) || /(json|yaml|openapi)/.test(source.mimeType ?? '');
  return specFile && /^\s*[{[]/.test(source.body.slice(0, 64));
}

function tryJsonParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** True for `dir` itself too (a $ref to the folder is then refused as not a file). */
function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function outsideTree(path: string, tree: string, real?: string): LoadRefusal {
  const via = real && real !== path ? `, a link to ${real},` : '';
  return new LoadRefusal(
    'bdgen/ref-outside-spec',
    `the $ref leads to ${path}${via} outside the spec's folder ${tree}; bdgen reads only files inside the folder that holds the spec.`,
    'Copy the file into that folder (or a subfolder) and point the $ref at the copy.',
  );
}

function notAFile(path: string, info: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): LoadRefusal {
  const kind = info.isDirectory() ? 'a folder' : info.isFIFO() ? 'a named pipe' : info.isSocket() ? 'a socket' : 'a device or other special file';
  return new LoadRefusal('bdgen/not-a-file', `${path} is ${kind}, not a file; bdgen does not read it.`, 'Point the $ref at a YAML or JSON file.');
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A URL fit for a message: no user, password or query (they may hold a credential). */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const query = parsed.search ? '?…' : '';
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}`;
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//').replace(/\?.*$/, '?…');
  }
}
