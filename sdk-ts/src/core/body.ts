/**
 * Request bodies: a call's body argument encoded as the media type it is sent as
 * (`json`, `form`, `multipart`, `binary`, `text`; see {@link BodyKind}).
 *
 * Everything but a stream is encoded to bytes before the first try, so a retry
 * resends exactly the same bytes (the same multipart boundary included); a stream
 * is sent once and never retried.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

import { createError, ERROR_KINDS, type ErrorKindSpec } from './errors.js';
import type { BodyMedia, OperationSpec } from './params.js';

/** A file part of a multipart body, when its name or type must be given (a Blob or bytes are parts too). */
export interface FilePart {
  /** The content. */
  readonly data: string | Uint8Array | ArrayBuffer | Blob;
  /** The file name sent (default: a `File`'s name, else `blob`). */
  readonly filename?: string;
  /** The part's `Content-Type` (default: a Blob's type, else `application/octet-stream`). */
  readonly contentType?: string;
}

/** A body ready to send. */
export interface EncodedBody {
  /** The `Content-Type` header. */
  readonly contentType: string;
  /** The bytes, when the body can be resent. */
  readonly bytes?: Uint8Array;
  /** The stream, when it cannot (sent once, never retried). */
  readonly stream?: Readable;
}

/** Why a body value cannot be encoded; turned into a ValidationError naming the body argument. */
class BodyRefused extends Error {}

const encoder = new TextEncoder();

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isStream(value: unknown): value is Readable | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> {
  if (value instanceof Readable || (typeof ReadableStream !== 'undefined' && value instanceof ReadableStream)) return true;
  return value !== null && typeof value === 'object' && Symbol.asyncIterator in value;
}

function isFilePart(value: unknown): value is FilePart {
  if (!isPlainObject(value) || !('data' in value)) return false;
  const keys = Object.keys(value);
  const { data } = value;
  const dataOk = typeof data === 'string' || data instanceof Uint8Array || data instanceof ArrayBuffer || data instanceof Blob;
  return dataOk && keys.every((key) => key === 'data' || key === 'filename' || key === 'contentType') && keys.length > 1;
}

function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

async function bytesOf(data: string | Uint8Array | ArrayBuffer | Blob): Promise<Uint8Array> {
  if (typeof data === 'string') return encoder.encode(data);
  if (data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

function jsonBytes(value: unknown): Uint8Array {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new BodyRefused(`must be JSON-serialisable (${(cause as Error).message})`);
  }
  if (text === undefined) throw new BodyRefused('must be JSON-serialisable');
  return encoder.encode(text);
}

/** `application/x-www-form-urlencoded` with URLSearchParams' encoding; arrays repeat the name and objects expand (form, explode). */
function formBytes(value: unknown): Uint8Array {
  if (value instanceof URLSearchParams) return encoder.encode(value.toString());
  if (!isPlainObject(value)) throw new BodyRefused('must be an object or URLSearchParams for a form body');
  const params = new URLSearchParams();
  const add = (name: string, inner: unknown): void => {
    if (inner === undefined || inner === null) return;
    if (!isScalar(inner)) throw new BodyRefused(`field ${JSON.stringify(name)} must be a string, number or boolean (or an array or object of them)`);
    params.append(name, scalarText(inner));
  };
  for (const [name, inner] of Object.entries(value)) {
    if (Array.isArray(inner)) for (const item of inner) add(name, item);
    else if (isPlainObject(inner)) for (const [key, item] of Object.entries(inner)) add(key, item);
    else add(name, inner);
  }
  return encoder.encode(params.toString());
}

/** Quotes a part's name or file name as browsers do (WHATWG): `"`, CR and LF percent-encoded. */
function quoted(text: string): string {
  return `"${text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

interface Part {
  readonly headers: string;
  readonly content: Uint8Array;
}

async function partsOf(name: string, value: unknown): Promise<Part[]> {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return (await Promise.all(value.map((item) => partsOf(name, item)))).flat();
  const disposition = `Content-Disposition: form-data; name=${quoted(name)}`;
  if (isScalar(value)) return [{ headers: `${disposition}\r\n`, content: encoder.encode(scalarText(value)) }];
  if (value instanceof Blob || value instanceof Uint8Array || value instanceof ArrayBuffer || isFilePart(value)) {
    const part: FilePart = isFilePart(value) ? value : { data: value };
    const blob = part.data instanceof Blob ? part.data : undefined;
    const filename = part.filename ?? (blob && 'name' in blob && typeof blob.name === 'string' && blob.name ? blob.name : 'blob');
    const type = part.contentType ?? (blob?.type || 'application/octet-stream');
    if (/[\r\n]/.test(type)) throw new BodyRefused(`part ${JSON.stringify(name)} has a content type with a line break`);
    return [{ headers: `${disposition}; filename=${quoted(filename)}\r\nContent-Type: ${type}\r\n`, content: await bytesOf(part.data) }];
  }
  if (isPlainObject(value)) return [{ headers: `${disposition}\r\nContent-Type: application/json\r\n`, content: jsonBytes(value) }];
  throw new BodyRefused(`part ${JSON.stringify(name)} must be a string, number, boolean, Blob, Uint8Array, { data, filename, contentType }, an object or an array of them`);
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).includes(Buffer.from(needle));
}

/** `multipart/form-data` (RFC 7578): one part per field, arrays as repeated parts, objects as JSON parts. */
async function multipartBody(value: unknown, mediaType: string): Promise<EncodedBody> {
  const fields: [string, unknown][] =
    value instanceof FormData ? [...value.entries()] : isPlainObject(value) ? Object.entries(value) : [];
  if (!(value instanceof FormData) && !isPlainObject(value)) throw new BodyRefused('must be an object or FormData for a multipart body');
  const parts = (await Promise.all(fields.map(([name, inner]) => partsOf(name, inner)))).flat();
  let boundary: string;
  do boundary = `bdgen-${randomBytes(16).toString('hex')}`;
  while (parts.some((part) => contains(part.content, encoder.encode(boundary))));
  const chunks: Uint8Array[] = [];
  for (const part of parts) chunks.push(encoder.encode(`--${boundary}\r\n${part.headers}\r\n`), part.content, encoder.encode('\r\n'));
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  return { contentType: `${mediaType}; boundary=${boundary}`, bytes: Buffer.concat(chunks) };
}

function withUtf8Charset(mediaType: string): string {
  return /;\s*charset=/i.test(mediaType) ? mediaType : `${mediaType}; charset=utf-8`;
}

async function encodeAs(media: BodyMedia, value: unknown): Promise<EncodedBody> {
  switch (media.kind) {
    case 'json':
      return { contentType: media.type, bytes: jsonBytes(value) };
    case 'form':
      return { contentType: media.type, bytes: formBytes(value) };
    case 'multipart':
      return multipartBody(value, media.type);
    case 'text':
      if (typeof value !== 'string') throw new BodyRefused('must be a string for a text body');
      return { contentType: withUtf8Charset(media.type), bytes: encoder.encode(value) };
    case 'binary':
      if (typeof value === 'string' || value instanceof Uint8Array || value instanceof ArrayBuffer || value instanceof Blob)
        return { contentType: media.type, bytes: await bytesOf(value) };
      if (value instanceof Readable) return { contentType: media.type, stream: value };
      if (isStream(value))
        return { contentType: media.type, stream: value instanceof ReadableStream ? Readable.fromWeb(value as never) : Readable.from(value) };
      throw new BodyRefused('must be a Uint8Array, ArrayBuffer, Blob, string or a stream for a binary body');
  }
}

/**
 * Encodes the body argument of a call to `op` as the declared media type
 * `contentType` names (default: the first declared). `undefined` when the
 * operation takes no body or none was given. A media type the operation does not
 * declare, or a value its kind cannot encode, is a ValidationError (class from
 * `table`) naming the body argument, before any request.
 */
export async function encodeBody(
  op: Pick<OperationSpec, 'id' | 'body'>,
  value: unknown,
  contentType: string | undefined,
  table: readonly ErrorKindSpec[] = [],
): Promise<EncodedBody | undefined> {
  const refuse = (label: string, reason: string): Error =>
    createError(ERROR_KINDS.validation, `Invalid argument for ${op.id}: ${label} ${reason}`, {
      invalidParams: [{ name: label, label, in: 'body', reason }],
      attempts: 0,
    }, table);
  const { body } = op;
  if (!body) {
    if (contentType !== undefined) throw refuse('contentType', `cannot be set: ${op.id} takes no body`);
    return undefined;
  }
  const wanted = contentType?.split(';')[0]!.trim().toLowerCase();
  const media = wanted === undefined ? body.media[0] : body.media.find((m) => m.type.toLowerCase() === wanted);
  if (!media) {
    const declared = body.media.map((m) => m.type).join(', ') || 'none';
    throw refuse('contentType', `must be one of the media types ${op.id} declares (${declared}), got ${JSON.stringify(contentType)}`);
  }
  if (value === undefined || value === null) return undefined;
  try {
    return await encodeAs(media, value);
  } catch (error) {
    if (error instanceof BodyRefused) throw refuse(body.label, error.message);
    throw error;
  }
}
