/**
 * Request bodies per media type and responses per status and media type,
 * each with the kind a runtime sends or returns it as.
 */
import { escapePointerToken as encodeToken } from '../diagnostics.js';
import { exampleOf } from './schemas.js';
import { describe, isObject, type SchemaConverter } from './schemas.js';
import type { BodyKind, IRBody, IRMedia, IRResponse, IRType, ResponseKind } from './types.js';

const isJson = (type: string) => /^application\/(.+\+)?json$/.test(type) || /\+json$/.test(type) || type === 'application/json-patch+json';
const isText = (type: string) => type.startsWith('text/') || /^application\/(.+\+)?xml$/.test(type) || type === 'application/x-ndjson';

/** How a request body of `mediaType` is sent (OpenAPI 3.1 section 4.8.14). */
export function bodyKind(mediaType: string): BodyKind {
  const type = mediaType.split(';')[0]!.trim().toLowerCase();
  if (isJson(type)) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type.startsWith('multipart/')) return 'multipart';
  if (isText(type)) return 'text';
  return 'binary';
}

/** What a response body of `mediaType` is returned as. */
export function responseKind(mediaType: string): ResponseKind {
  const kind = bodyKind(mediaType);
  return kind === 'json' ? 'json' : kind === 'text' || kind === 'form' ? 'text' : 'binary';
}

export function requestBody(op: Record<string, unknown>, converter: SchemaConverter, pointer: string): IRBody | null {
  const raw = op.requestBody;
  const body = converter.deref(raw);
  if (!isObject(body) || !isObject(body.content)) return null;
  const at = isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref : `${pointer}/requestBody`;
  const media: IRMedia[] = Object.entries(body.content).filter(([, m]) => isObject(m)).map(([type, m]) => {
    const content = m as Record<string, unknown>;
    const kind = bodyKind(type);
    const schema = converter.toType(content.schema ?? true, `${at}/content/${encodeToken(type)}/schema`);
    const example = exampleOf(content) ?? exampleOf(converter.deref(content.schema));
    return {
      type,
      kind,
      schema,
      fileFields: kind === 'multipart' ? fileFields(content.schema, converter) : [],
      ...(example !== undefined ? { example } : {}),
    };
  });
  if (media.length === 0) return null;
  return { required: body.required === true, description: describe(body), media, pointer: at };
}

/** Multipart fields that carry files: `format: binary`/`base64`, or a `contentMediaType` (3.1), also as array items. */
function fileFields(schema: unknown, converter: SchemaConverter): string[] {
  const object = converter.deref(schema);
  if (!isObject(object) || !isObject(object.properties)) return [];
  const isFile = (node: unknown): boolean => {
    const s = converter.deref(node);
    if (!isObject(s)) return false;
    if (s.format === 'binary' || s.format === 'base64' || typeof s.contentMediaType === 'string') return true;
    return s.type === 'array' && isFile(s.items);
  };
  return Object.entries(object.properties).filter(([, p]) => isFile(p)).map(([name]) => name);
}

export function responses(op: Record<string, unknown>, converter: SchemaConverter, pointer: string): IRResponse[] {
  const all = isObject(op.responses) ? op.responses : {};
  return Object.keys(all).sort(statusOrder).map((status) => {
    const raw = all[status];
    const response = converter.deref(raw);
    // Where the response is written: its own pointer, or the component its $ref names.
    const at = isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref : `${pointer}/responses/${encodeToken(status)}`;
    const content = isObject(response) && isObject(response.content) ? response.content : {};
    const media = Object.entries(content).filter(([, m]) => isObject(m)).map(([type, m]) => ({
      type,
      kind: responseKind(type),
      schema: converter.toType((m as Record<string, unknown>).schema ?? true, `${at}/content/${encodeToken(type)}/schema`),
    }));
    return { status, description: describe(response), media };
  });
}

/** What a call returns: the first 2xx response (else 2XX, else default), preferring its JSON media type. */
export function successOf(all: readonly IRResponse[]): { status: string; kind: ResponseKind; type: IRType } {
  const success = all.find((r) => /^2\d\d$/.test(r.status)) ?? all.find((r) => /^2XX$/i.test(r.status)) ?? all.find((r) => r.status === 'default');
  if (!success || success.media.length === 0) return { status: success?.status ?? '204', kind: 'empty', type: { kind: 'null' } };
  const media = success.media.find((m) => m.kind === 'json') ?? success.media[0]!;
  return { status: success.status, kind: media.kind, type: media.kind === 'json' ? media.schema : media.kind === 'text' ? { kind: 'string' } : { kind: 'unknown' } };
}

/** 200 < 201 < 2XX < 400 < ... < default: numbers first, then ranges, then default. */
function statusOrder(a: string, b: string): number {
  const rank = (s: string) => (/^\d+$/.test(s) ? Number(s) : /^\dXX$/i.test(s) ? Number(s[0]) * 100 + 99.5 : 1000);
  return rank(a) - rank(b);
}
