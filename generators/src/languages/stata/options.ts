/**
 * Options of a Stata command, from the parameters of what it calls: one option
 * per parameter (its kind from the IR's value rules), then the runtime's own
 * (`allpages`, `clear`, an old package's `path()`), each with its minimal
 * abbreviation. The kinds and defaults follow the table format of the runtime
 * README, which the checker's `checkTableAgainstSpec` holds them to.
 */
import type { Diagnostic } from '../../diagnostics.js';
import type { BodyKind, IRArgument, IRBody, IRValueRules, JsonValue } from '../../ir/types.js';
import { abbreviations } from './naming.js';

export type OptionKind = 'string' | 'integer' | 'names' | 'flag';

/** What the help says about an option, beside its name. */
export interface OptionDoc {
  readonly description: string;
  /** The placeholder in `{opt name(placeholder)}`: `string`, `#`, `namelist`, `filename`. */
  readonly placeholder: string;
  readonly rules?: IRValueRules;
  readonly example?: JsonValue;
  /** An old option: where users know it from. */
  readonly origin?: string;
}

export interface StataOption {
  readonly name: string;
  readonly kind: OptionKind;
  readonly required: boolean;
  /** The parameter it fills (wire name), or the runtime behaviour it switches on. */
  readonly param?: string;
  readonly effect?: string;
  /** The Python package's keyword for `param`, when it differs from the wire name (`in` -> `in_`). */
  readonly keyword?: string;
  readonly default?: JsonValue;
  readonly values?: Readonly<Record<string, JsonValue>>;
  /** A boolean that defaults to true: the option is `no<name>`, and typing it sends false (Stata's convention). */
  readonly negated?: true;
  /** The option holds the request body, sent as this kind of the body's first media type. */
  readonly body?: BodyKind;
  /** A multipart body's parts that are files: their values are file names, sent as the files' bytes. */
  readonly files?: readonly string[];
  readonly doc: OptionDoc;
}

/** An option with the number of characters that must be typed. */
export interface PlannedOption extends StataOption {
  readonly minimum: number;
  /** An option of the old package, with its old help's abbreviation. */
  readonly legacy?: true;
}

const KIND: Record<IRValueRules['kind'], OptionKind> = {
  string: 'string', integer: 'integer', number: 'string', boolean: 'flag', array: 'names', object: 'string', unknown: 'string',
};
/** `syntax`'s `integer #` holds Stata's long integers ([P] syntax). */
const MAX_SYNTAX_INTEGER = 2_147_483_620;

/**
 * The option of one parameter; problems (what `syntax` cannot express) go to
 * `problems`. `example` is the one the help shows when the parameter has none.
 */
/** Why `syntax` cannot express the parameter as an option, or undefined when it can. */
export function unsupportedParam(p: IRArgument): string | undefined {
  const kind = KIND[p.rules.kind];
  if (kind === 'integer' && p.default !== undefined && !(Number.isInteger(p.default) && Math.abs(p.default as number) <= MAX_SYNTAX_INTEGER)) {
    return `the default of ${p.name}, ${JSON.stringify(p.default)}, is not an integer Stata's syntax can hold (|n| <= ${MAX_SYNTAX_INTEGER}).`;
  }
  return undefined;
}

/** Whether the parameter's option is `no<name>`: a boolean whose default, true, a flag could never turn off. */
export const isNegated = (p: IRArgument): boolean => KIND[p.rules.kind] === 'flag' && p.default === true;

export function paramOption(p: IRArgument, name: string, keyword: string | undefined, owner: string, problems: Diagnostic[], example?: JsonValue): StataOption {
  const kind = KIND[p.rules.kind];
  const unsupported = unsupportedParam(p);
  if (unsupported) problems.push({ severity: 'error', rule: 'bdgen/stata-unsupported', pointer: p.pointer, message: `${owner}: ${unsupported}` });
  const placeholder = kind === 'integer' ? '#' : kind === 'names' ? 'namelist' : p.rules.format === 'path' ? 'filename' : 'string';
  const negated = isNegated(p);
  const description = negated ? `Send ${p.name} as false (it is true unless this option is typed). ${p.description}`.trim() : p.description;
  return {
    name,
    kind,
    required: p.required,
    param: p.name,
    ...(keyword !== undefined && keyword !== p.name ? { keyword } : {}),
    ...(p.default !== undefined ? { default: p.default } : {}),
    ...(negated ? { negated: true as const } : {}),
    doc: { description, placeholder, rules: p.rules, ...((p.example ?? example) !== undefined ? { example: (p.example ?? example)! } : {}) },
  };
}

const IN_QUOTES = 'typed in compound quotes when it holds double quotes (see the examples)';
const BODY_TEXT: Record<BodyKind, string> = {
  json: `The request body as JSON text, ${IN_QUOTES}.`,
  form: `The form's fields as a JSON object, ${IN_QUOTES}.`,
  multipart: `The parts as a JSON object, ${IN_QUOTES}; a file part holds the name of the file to send.`,
  binary: 'The name of the file whose bytes are the request body.',
  text: 'The request body as text.',
};

/** The help's example of a body: the spec's, else an empty object where the body is JSON text. */
function bodyExample(media: IRBody['media'][number]): JsonValue | undefined {
  if (media.kind === 'binary') return undefined;
  if (media.example !== undefined) return typeof media.example === 'string' ? media.example : JSON.stringify(media.example);
  return media.kind === 'text' ? undefined : '{}';
}

/** The `body()` option of an operation with a request body: its text, sent as the body's first media type. */
export function bodyOption(body: IRBody, name: string, keyword: string | undefined): StataOption {
  const kind = body.media[0]!.kind;
  const said = body.description.trim();
  const description = [said && !/[.!?:]$/.test(said) ? `${said}.` : said, BODY_TEXT[kind], body.media.length > 1 ? `Sent as ${body.media[0]!.type}.` : ''].filter(Boolean).join(' ');
  const example = bodyExample(body.media[0]!);
  return {
    name,
    kind: 'string',
    required: body.required,
    body: kind,
    ...(kind === 'multipart' && body.media[0]!.fileFields.length > 0 ? { files: body.media[0]!.fileFields } : {}),
    ...(keyword !== undefined && keyword !== 'body' ? { keyword } : {}),
    doc: { description, placeholder: kind === 'binary' ? 'filename' : 'string', ...(example !== undefined ? { example } : {}) },
  };
}

export function effectOption(name: string, effect: string, kind: OptionKind, description: string, origin?: string): StataOption {
  return { name, kind, required: false, effect, doc: { description, placeholder: kind === 'string' ? 'filename' : '', ...(origin ? { origin } : {}) } };
}

/** Required options first (`syntax` puts them before the `[`), then the others, in the order given; `legacy` names the old package's options. */
export function planOptions(options: readonly StataOption[], legacy: ReadonlySet<string> = new Set()): PlannedOption[] {
  const ordered = [...options.filter((o) => o.required), ...options.filter((o) => !o.required)];
  const minimums = abbreviations(ordered.map((o) => o.name), legacy);
  return ordered.map((o) => ({ ...o, minimum: minimums.get(o.name)!, ...(legacy.has(o.name) ? { legacy: true as const } : {}) }));
}
