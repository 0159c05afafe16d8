/**
 * Load stage: read the root spec and every file its `$ref`s reach, parsed as
 * YAML or JSON. This is the only stage that reads the spec from disk; later
 * stages get the documents through the resolver's cache. Hostile specs stop
 * here: references out of the spec's folder or (without the opt-in) remote
 * ones are refused before anything is read, and the load limits bound file
 * sizes, YAML alias expansion and the depth of `$ref` chains.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  Oas3_1Types,
  YamlParseError,
  normalizeTypes,
  resolveDocument,
  type Document,
} from '@redocly/openapi-core';
import { sortDiagnostics, SpecError, type Diagnostic } from '../diagnostics.js';
import { GuardedResolver } from './guarded-resolver.js';
import { resolveLimits, type LoadLimits } from './limits.js';
import { locatePointer } from './locate.js';
import { isObject, nodeAtPointer } from './pointer.js';
import { withPrototypeKeysTyped } from './prototype-keys.js';
import { crawlRefs } from './ref-crawl.js';
import { findRefCycles } from './ref-cycles.js';
import { checkRefDepth } from './ref-depth.js';
import { LoadRefusal } from './refusal.js';

export { DEFAULT_LOAD_LIMITS, parseLimitAssignments, type LoadLimits } from './limits.js';

export interface LoadOptions {
  /** Fetch `$ref`s to http(s) URLs. Off by default: a spec then reads only files inside its own folder tree. */
  readonly allowRemoteRefs?: boolean;
  /** Laid over DEFAULT_LOAD_LIMITS; an unknown name or a value that is not a positive integer throws a RangeError. */
  readonly limits?: Partial<LoadLimits>;
}

export interface LoadedSpec {
  /** Absolute path of the root spec file. */
  readonly rootFile: string;
  readonly document: Document;
  /** Resolver whose cache holds every file the spec reaches; lint and bundling must use it (it enforces the load policy). */
  readonly resolver: GuardedResolver;
  /** Every file read, root first, in a stable order. */
  readonly files: readonly string[];
  /** Every file read, parsed, by absolute path. */
  readonly documents: ReadonlyMap<string, Document>;
}

/** Reads and parses a spec and the files it references; throws `SpecError` when it cannot. */
export async function loadSpec(file: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  const limits = resolveLimits(options.limits);
  const rootFile = resolve(file);
  if (!existsSync(rootFile)) {
    throw new SpecError([{ severity: 'error', rule: 'bdgen/file-not-found', file: rootFile, message: 'the spec file does not exist.' }]);
  }
  const resolver = new GuardedResolver({ rootFile, allowRemoteRefs: options.allowRemoteRefs === true, limits });
  const document = await parseRoot(resolver, rootFile);
  checkIsOpenApi(document, rootFile);

  // Our own pass first: redocly's resolver recurses and has no limits.
  const crawl = await crawlRefs(document, resolver);
  if (crawl.diagnostics.length > 0) throw new SpecError(sortDiagnostics(crawl.diagnostics));
  const tooDeep = checkRefDepth(crawl.documents, rootFile, (base, uri) => resolver.resolveExternalRef(base, uri), limits);
  if (tooDeep) throw new SpecError([tooDeep]);

  // One file and no other tried: no referenced file can fail to parse, and a $ref loop (on which
  // redocly's resolve throws, in lint too) is found by our own pass; redocly's resolve would walk
  // the whole document once more for nothing (lint resolves it anyway).
  if (crawl.documents.size === 1 && resolver.cache.size === 1) {
    const cycles = findRefCycles([document]);
    if (cycles.length > 0) throw new SpecError(cycles);
    return { rootFile, document, resolver, files: [rootFile], documents: new Map([[rootFile, document]]) };
  }
  try {
    const refs = await resolveDocument({
      rootDocument: document,
      externalRefResolver: resolver,
      rootType: normalizeTypes(withPrototypeKeysTyped(Oas3_1Types)).Root!,
    });
    const parseProblems: Diagnostic[] = [];
    for (const ref of refs.values()) {
      if (!ref.resolved && ref.error instanceof YamlParseError) parseProblems.push(yamlDiagnostic(ref.error));
    }
    if (parseProblems.length > 0) throw new SpecError(dedupe(parseProblems));
  } catch (error) {
    if (error instanceof SpecError) throw error;
    // redocly throws (without a location) on a chain of $refs that loops back
    // on itself; find the chain ourselves to say where it is.
    const cycles = findRefCycles(await loadedDocuments(resolver));
    if (cycles.length > 0) throw new SpecError(cycles);
    throw error;
  }

  const documents = new Map((await loadedDocuments(resolver)).map((d) => [d.source.absoluteRef, d]));
  const files = [...documents.keys()].filter((f) => f !== rootFile).sort();
  return { rootFile, document, resolver, files: [rootFile, ...files], documents };
}

async function parseRoot(resolver: GuardedResolver, rootFile: string): Promise<Document> {
  let result: Awaited<ReturnType<GuardedResolver['resolveDocument']>>;
  try {
    result = await resolver.resolveDocument(null, rootFile, true);
  } catch (error) {
    if (error instanceof YamlParseError) throw new SpecError([yamlDiagnostic(error)]);
    if (error instanceof LoadRefusal) throw new SpecError([error.toDiagnostic({ file: rootFile, pointer: '#' })]);
    throw error;
  }
  if (result instanceof YamlParseError) throw new SpecError([yamlDiagnostic(result)]);
  if (result instanceof Error) {
    throw new SpecError([{ severity: 'error', rule: 'bdgen/file-unreadable', file: rootFile, message: result.message }]);
  }
  return result;
}

function checkIsOpenApi(document: Document, rootFile: string): void {
  const parsed = document.parsed as unknown;
  const version = isObject(parsed) ? parsed.openapi : undefined;
  if (typeof version !== 'string' || !/^3\.[01]\.\d+$/.test(version)) {
    const swagger = isObject(parsed) ? parsed.swagger : undefined;
    throw new SpecError([{
      severity: 'error',
      rule: 'bdgen/openapi-version',
      file: rootFile,
      pointer: '#/openapi',
      line: 1,
      message: swagger !== undefined
        ? `this is a Swagger ${String(swagger)} document; bdgen reads OpenAPI 3.0 and 3.1.`
        : `expected an OpenAPI 3.0 or 3.1 document, found openapi: ${JSON.stringify(version ?? null)}.`,
      hint: swagger !== undefined ? 'Convert it to OpenAPI 3.1 (for example with swagger2openapi).' : 'Start the file with `openapi: 3.1.0`.',
    }]);
  }
}

function yamlDiagnostic(error: YamlParseError): Diagnostic {
  // js-yaml's message ends with "(line:column)"; keep only the reason.
  const reason = error.originalError.message.split('\n')[0]!.replace(/ in "[^"]*" \(\d+:\d+\)$/, '');
  return {
    severity: 'error',
    rule: 'bdgen/yaml-syntax',
    file: error.source.absoluteRef,
    pointer: '#',
    // redocly reads these from js-yaml's message, already 1-based.
    line: error.line,
    column: error.col,
    message: `the file is not valid YAML: ${reason}.`,
  };
}

async function loadedDocuments(resolver: GuardedResolver): Promise<Document[]> {
  const documents: Document[] = [];
  for (const entry of resolver.cache.values()) {
    // A file that could not be read or parsed is reported by the lint rule
    // no-unresolved-refs, at the $ref that names it.
    const document = await entry.catch((error: unknown) => error);
    if (!(document instanceof Error)) documents.push(document as Document);
  }
  return documents;
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}


/**
 * Fills in the file and line of diagnostics that later stages report with a
 * JSON pointer only (they read the bundled document, not files).
 */
export function locateDiagnostics(spec: LoadedSpec, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.file !== undefined || d.pointer === undefined) return d;
    const located: Diagnostic = { ...d, file: spec.rootFile };
    if (nodeAtPointer(spec.document.parsed, d.pointer) === undefined) return located;
    const start = locatePointer(spec.document.source, d.pointer, true);
    return { ...located, line: start.line, column: start.col };
  });
}
