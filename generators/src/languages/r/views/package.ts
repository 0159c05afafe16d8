/**
 * The package's metadata: DESCRIPTION (name, version, licence, maintainer,
 * Imports and Suggests from the runtime's contract), LICENSE, NAMESPACE
 * (every export and the runtime's S3 methods), and the package's own help
 * page (`?<package>`: settings, conditions, old names).
 */
import { oneLine } from '../../../emit/escape.js';
import type { Context } from '../context.js';
import { rdCodeSpan, rdText, rString } from '../doc.js';
import { envName } from '../context.js';
import { R_DEPENDS, R_IMPORTS, R_NAMESPACE_IMPORTS, R_SUGGESTS, runtimeExports, RUNTIME_S3_METHODS } from '../runtime-contract.js';
import { isSyntacticName } from '../naming.js';
import { conditionClass, errorClass, rdParagraphs } from '../sections.js';
import type { Topic } from '../topic.js';
import { wrapRd } from '../topic.js';
import { securityRd } from './security.js';

/** Words `tools::toTitleCase()` keeps in lower case inside a title (R CMD check compares against it). */
const SMALL_WORDS = new Set(['a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'en', 'for', 'if', 'in', 'is', 'nor', 'not', 'of', 'on', 'or', 'per', 'so', 'the', 'to', 'v', 'via', 'vs', 'from', 'into', 'than', 'that', 'with']);

/** A DESCRIPTION title: one line, title case, no final period, at most 65 characters (Writing R Extensions 1.1.1). */
export function descriptionTitle(text: string): string {
  const words = oneLine(text).replace(/\.+$/, '').split(' ').filter((w) => w !== '');
  const cased = words.map((w, i) => (i > 0 && SMALL_WORDS.has(w.toLowerCase()) ? w.toLowerCase() : w.replace(/^[a-z]/, (c) => c.toUpperCase())));
  const title = cased.join(' ') || 'Generated API Client';
  // Cut at a word, with no ellipsis: R CMD check notes a title that ends with a period.
  return title.length <= 65 ? title : title.slice(0, 66).replace(/\s+\S*$/, '').replace(/[.\s]+$/, '');
}

/** A DCF field value over several lines: continuation lines indented, a blank line written " ." (read.dcf's rule). */
function dcfParagraphs(text: string): string {
  return text.split('\n').map((line, i) => (i === 0 ? line : line === '' ? '    .' : `    ${line}`)).join('\n');
}

/** The Description field: what the package is, then the spec's summary, as full sentences. */
function descriptionText(ctx: Context): string {
  const { ir } = ctx;
  const summary = oneLine(ir.info.summary || ir.info.description.split(/\n\s*\n/)[0] || '');
  const first = `An R client for ${oneLine(ir.info.title) || 'an HTTP API'}, generated from its OpenAPI description by bdgen${summary ? `: ${summary.replace(/[.!?]*$/, '')}` : ''}.`;
  const data = ctx.hasData ? ' Its data functions read BigQuery tables into tibbles and files, billed to your own Google Cloud project.' : '';
  // DCF lines must not start a new field: wrapping never begins a line with "word:".
  return wrapRd(`${first}${data}`, 76).join('\n');
}

export function descriptionView(ctx: Context) {
  const { pkg, ir } = ctx;
  const contact = ir.info.contact;
  const person = `person(${rString(oneLine(pkg.maintainer.name))}, role = c("aut", "cre"), email = ${rString(pkg.maintainer.email)})`;
  return {
    name: pkg.name,
    title: descriptionTitle(ir.info.title),
    version: pkg.version,
    authors: person,
    description: dcfParagraphs(descriptionText(ctx)),
    license: pkg.license.field,
    url: /^https?:\/\/[^\s,]+$/.test(contact.url) ? contact.url : '',
    depends: R_DEPENDS,
    imports: R_IMPORTS.map((p) => p.name).join(', '),
    suggests: R_SUGGESTS.map((p) => (p.version ? `${p.name} (${p.version})` : p.name)).join(', '),
  };
}

/** NAMESPACE lines in roxygen's order (C locale: `S3method` before `export`). */
export function namespaceView(ctx: Context, exports: readonly string[]) {
  const lines = [
    ...RUNTIME_S3_METHODS.map((m) => `S3method(${m.generic},${m.cls})`),
    ...[...new Set([...runtimeExports(ctx.hasData), ...exports])].map((name) => `export(${isSyntacticName(name) ? name : `"${name}"`})`),
    ...R_NAMESPACE_IMPORTS,
  ].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { lines };
}

/** The package's help page, `?<package>`: what it is, its settings, its conditions and where old names went. */
export function packageTopic(ctx: Context, functions: readonly string[]): Topic {
  const { pkg, ir } = ctx;
  const classes = ir.errors.map((e) => ({ label: rdCodeSpan(conditionClass(ctx, e.kind)), text: rdText(e.description || e.kind) }));
  const option = (name: string) => `\\code{${pkg.name}.${name}}`;
  // The environment in use picks the catalogue's backend (when the environments name one) and the data functions' project.
  const backends = ir.environments.some((e) => e.apiUrl !== '');
  const environmentSetting = backends ? ', else the backend of the environment in use' : '';
  const environmentSentence = ir.environments.length > 0
    ? [`The environment in use: ${option('environment')} or \\env{${envName(ctx, 'ENVIRONMENT')}}, else the spec's default; it picks ${[backends ? "the catalogue's backend" : '', ctx.hasData ? 'the BigQuery project of a data function called without \\code{environment}' : ''].filter((w) => w !== '').join(' and ') || 'nothing here'}.`]
    : [];
  return {
    name: `${pkg.name}-package`,
    aliases: [pkg.name, `${pkg.name}-package`],
    title: rdText(descriptionTitle(ir.info.title)),
    description: rdParagraphs(ir.info.description || ir.info.summary || ir.info.title),
    usage: null,
    arguments: [],
    value: null,
    details: [`Functions: ${functions.map((f) => `\\code{\\link{${f}}}`).join(', ')}.`],
    sections: [
      {
        title: 'Settings',
        paragraphs: [
          `Read at each call: an argument, then an R option, then an environment variable, then the spec. The catalogue API: ${option('api_url')} or \\env{${envName(ctx, 'API_URL')}}${environmentSetting} (default ${rdCodeSpan(ir.servers[0]?.url ?? 'http://127.0.0.1:8787')}); ${option('timeout')} (seconds per try, default 30); ${option('headers')}; ${option('retry')} (changes to the retry policy, e.g. \\code{list(max_attempts = 1)}).`,
          ...environmentSentence,
          ...(ctx.hasData ? [`BigQuery: ${option('bigquery_endpoint')}, \\env{${envName(ctx, 'BIGQUERY_ENDPOINT')}} or \\env{BIGQUERY_EMULATOR_HOST} (a local datalake, no credentials); ${option('query_timeout')} (seconds a query may run, default 6 hours). Credentials: \\env{${envName(ctx, 'ACCESS_TOKEN')}}, else gargle's application default credentials. Billing project: \\code{billing_project_id}, \\code{set_billing_id()}, \\env{${envName(ctx, 'BILLING_PROJECT_ID')}}, \\env{GOOGLE_CLOUD_PROJECT}.`] : []),
        ],
      },
      ...[securityRd(ctx)].filter((section) => section !== null),
      {
        title: 'Conditions',
        paragraphs: [
          `Every failure is a condition of class \\code{${errorClass(ctx)}} and \\code{error}, with one class per kind; its fields are \\code{kind}, \\code{status}, \\code{reason}, \\code{request_id}, \\code{problem}, \\code{attempts}, \\code{invalid_params} and \\code{retry_after}, and no text of it holds a credential.`,
        ],
        items: [...classes, { label: rdCodeSpan(conditionClass(ctx, 'unknown')), text: 'A failure no kind claims.' }],
      },
    ],
    examples: [],
    seealso: [],
    keywords: ['internal'],
    docType: 'package',
    exported: false,
  };
}
