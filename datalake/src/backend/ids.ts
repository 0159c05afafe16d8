// Stable ids of the replica's rows: UUID version 5 (RFC 9562, SHA-1 of a
// namespace and a name), so the same fixture always gives the same UUIDs and
// any language can recompute one (Python: uuid.uuid5(namespace, name)).
import { createHash } from 'node:crypto';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function uuid5(namespace: string, name: string): string {
  if (!UUID_RE.test(namespace)) throw new Error(`not a UUID namespace: ${namespace}`);
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The text as Python's uuid.UUID() reads it (what Django's UUID form field and
 * URL converter accept): hyphens, braces and a `urn:uuid:` prefix are optional,
 * hex digits in any case. Returns the canonical lower-case form, or undefined.
 */
export function parsePythonUuid(text: string): string | undefined {
  const hex = text.replaceAll('urn:', '').replaceAll('uuid:', '').replace(/^\{+|\}+$/g, '').replaceAll('-', '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
