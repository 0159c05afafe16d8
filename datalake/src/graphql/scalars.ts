// graphene 3.2's scalars (UUID, DateTime, Date, BigInt, GenericScalar) and the
// backend's FileFieldScalar, with graphene's parsing rules and error texts.
// Stored datetimes are ISO strings with an offset (database.ts isoUtc); parsed
// inputs become an Instant.
import { GraphQLError, GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';
import { parsePythonUuid } from '../backend/ids.js';
import { pythonRepr } from '../backend/python-json.js';

/** A point in time read from a DateTime/Date argument. */
export interface Instant {
  ms: number;
}

const SAO_PAULO = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Sao_Paulo',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Offset of America/Sao_Paulo (the backend's TIME_ZONE) at an instant, in ms. */
function saoPauloOffset(ms: number): number {
  const p = Object.fromEntries(SAO_PAULO.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(ms / 1000) * 1000;
}

const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * What aniso8601.parse_datetime reads (the ISO forms clients send). A value
 * without an offset is wall time in America/Sao_Paulo: Django (USE_TZ) makes
 * naive datetimes aware in the current time zone before filtering.
 */
export function parseDateTime(text: string): Instant | undefined {
  const m = DATETIME_RE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +(s ?? 0), Math.floor(+(frac ?? '0').padEnd(3, '0').slice(0, 3)));
  const check = new Date(wall);
  if (check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || +h! > 23 || +mi! > 59 || +(s ?? 0) > 59) return undefined;
  if (zone === undefined) {
    const guess = wall - saoPauloOffset(wall);
    return { ms: wall - saoPauloOffset(guess) };
  }
  if (zone === 'Z') return { ms: wall };
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return { ms: wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * 60_000 };
}

function parseDate(text: string): Instant | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!);
  return new Date(ms).getUTCDate() === +m[3]! ? { ms } : undefined;
}

/** A graphene date scalar: strings only, parsed by `parse`, errors worded as graphene words them. */
function dateScalar(name: 'DateTime' | 'Date', parse: (text: string) => Instant | undefined): GraphQLScalarType {
  const parseText = (value: unknown, shown: string): Instant => {
    if (typeof value !== 'string') throw new GraphQLError(`${name} cannot represent non-string value: ${shown}`);
    const parsed = parse(value);
    if (!parsed) throw new GraphQLError(`${name} cannot represent value: ${pythonRepr(value)}`);
    return parsed;
  };
  return new GraphQLScalarType({
    name,
    serialize: (value) => (typeof value === 'string' && name === 'Date' ? value.slice(0, 10) : value),
    parseValue: (value) => parseText(value, pythonRepr(value)),
    parseLiteral: (node: ValueNode) => parseText(node.kind === Kind.STRING ? node.value : undefined, print(node)),
  });
}

export const DateTimeScalar = dateScalar('DateTime', parseDateTime);
export const DateScalar = dateScalar('Date', parseDate);

export const UUIDScalar = new GraphQLScalarType({
  name: 'UUID',
  serialize: (value) => value,
  parseValue: (value) => {
    const uuid = typeof value === 'string' ? parsePythonUuid(value) : undefined;
    if (!uuid) throw new GraphQLError('badly formed hexadecimal UUID string');
    return uuid;
  },
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING) return undefined;
    const uuid = parsePythonUuid(node.value);
    if (!uuid) throw new GraphQLError('badly formed hexadecimal UUID string');
    return uuid;
  },
});

/** graphene's BigInt: any integer, not only 32-bit ones; int() or int(float()) of a variable. */
export const BigIntScalar = new GraphQLScalarType({
  name: 'BigInt',
  serialize: (value) => value,
  parseValue: (value) => {
    const n = typeof value === 'number' ? Math.trunc(value) : typeof value === 'string' && value.trim() !== '' ? Math.trunc(Number(value)) : NaN;
    return Number.isFinite(n) ? n : undefined;
  },
  parseLiteral: (node) => (node.kind === Kind.INT ? Number(node.value) : undefined),
});

/** graphene's GenericScalar: the property's value as it is (json.dumps gets it unchanged). */
export const GenericScalar = new GraphQLScalarType({
  name: 'GenericScalar',
  serialize: (value) => value,
  parseValue: (value) => value,
});

/** backend/custom/graphql_base.py: a file's URL, "" when there is no file. */
export const FileFieldScalar = new GraphQLScalarType({
  name: 'FileFieldScalar',
  serialize: (value) => (value ? value : ''),
  parseValue: (value) => value,
});
