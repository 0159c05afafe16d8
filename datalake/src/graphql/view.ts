// The GraphQL endpoint as graphene-django 3.0.0's GraphQLView serves it
// (views.py): GET ?query=&variables=&operationName= and POST JSON; a browser
// (text/html preferred over application/json) gets a page instead of the
// results; HTTP 400 with only `errors` when any error has no path (syntax,
// validation, variables), 200 with `errors` and `data` for resolver errors.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  GraphQLError,
  execute,
  getOperationAST,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { BodyError, RawJson, readJson, send, type RequestContext } from '../http.js';
import { djangoServerError } from '../backend/django.js';
import type { Database } from '../backend/database.js';
import { PythonJsonError, pythonJson } from '../backend/python-json.js';
import { buildSchema, type GraphqlContext } from './schema.js';

/** An answer graphene-django gives before executing (HttpError): status, message, extra headers. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const JSON_TYPE = 'application/json';

/** get_accepted_content_types + request_wants_html: HTML wins when ranked above JSON. */
function wantsHtml(accept: string | undefined): boolean {
  const ranked = (accept ?? '*/*')
    .split(',')
    .map((part, i) => {
      const [type, params] = [part.split(';', 1)[0]!.trim(), part.slice(part.indexOf(';') + 1)];
      const q = part.includes(';') ? /(^|;)\s*q=(0(\.\d{0,3})?|1(\.0{0,3})?)\s*(;|$)/.exec(params)?.[2] : undefined;
      return { type, q: q === undefined ? 1 : Number(q), i };
    })
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((x) => x.type);
  const rank = (t: string): number => (ranked.includes(t) ? ranked.length - ranked.indexOf(t) : 0);
  return rank('text/html') > rank(JSON_TYPE);
}

/** graphql-core 3.2 (the backend's) quotes names with single quotes where graphql-js writes double ones; printed literals keep theirs. */
export function pythonMessage(message: string): string {
  if (/^Variable "\$[^"]+" got invalid value/.test(message) || message.startsWith('Syntax Error:')) return message.replace(/"((?:[^"\\]|\\.)*)"/g, "'$1'");
  return message.replace(/(found |value: )?"((?:[^"\\]|\\.)*)"/g, (whole, literal: string | undefined, inner: string) => (literal ? whole : `'${inner}'`));
}

const formatted = (e: GraphQLError): GraphQLFormattedError => {
  const f = e.toJSON();
  return e.path === undefined ? { ...f, message: pythonMessage(f.message) } : f;
};

/** QueryDict.get: the last value of a repeated parameter. */
const lastParam = (query: URLSearchParams, name: string): string | undefined => query.getAll(name).at(-1);

const BROWSER_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>GraphQL - local Base dos Dados datalake</title></head>
<body>
<h1>GraphQL</h1>
<p>This is the local datalake's replica of the Base dos Dados backend's GraphQL endpoint. The real one serves GraphiQL here; this one does not.</p>
<p>Send a query as <code>POST</code> with a JSON body <code>{"query": "..."}</code>, or as <code>GET ?query=...</code> with <code>Accept: application/json</code>.</p>
</body>
</html>
`;

export class GraphqlView {
  private readonly schema: GraphQLSchema = buildSchema();

  constructor(private readonly db: Database) {}

  get graphqlSchema(): GraphQLSchema {
    return this.schema;
  }

  async handle(ctx: RequestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const compact = (body: unknown): string => pythonJson(body, { separators: [',', ':'] });
    try {
      if (ctx.method !== 'GET' && ctx.method !== 'POST') throw new HttpError(405, 'GraphQL only supports GET and POST requests.', { Allow: 'GET, POST' });
      const data = await this.body(req);
      const html = !ctx.query.has('raw') && !('raw' in data) && wantsHtml(req.headers.accept);
      // RawJson carries any text already encoded; here the page.
      if (html) return send(ctx, res, 200, new RawJson(BROWSER_PAGE), 'text/html; charset=utf-8');
      const { status, body } = this.answer(ctx, data, req.headers.host ?? '');
      const pretty = Boolean(lastParam(ctx.query, 'pretty'));
      send(ctx, res, status, new RawJson(pretty ? pythonJson(body, { indent: 2, sortKeys: true, separators: [',', ': '] }) : compact(body)), JSON_TYPE);
    } catch (e) {
      if (e instanceof HttpError || (e instanceof BodyError && e.status !== 400)) {
        return send(ctx, res, e.status, new RawJson(compact({ errors: [{ message: e.message }] })), JSON_TYPE, e.headers);
      }
      if (e instanceof PythonJsonError) return djangoServerError(ctx, res);
      throw e;
    }
  }

  /** parse_body: a JSON object for application/json; nothing for other requests. */
  private async body(req: IncomingMessage): Promise<Record<string, unknown>> {
    const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (type !== JSON_TYPE) return {};
    if (req.headers['content-length'] === '0') throw new HttpError(400, 'POST body sent invalid JSON.');
    let parsed: unknown;
    try {
      parsed = await readJson(req);
    } catch (e) {
      if (e instanceof BodyError && e.status === 400) throw new HttpError(400, 'POST body sent invalid JSON.');
      throw e;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HttpError(400, 'The received data is not a valid JSON query.');
    return parsed as Record<string, unknown>;
  }

  /** get_response + execute_graphql_request. */
  private answer(ctx: RequestContext, data: Record<string, unknown>, host: string): { status: number; body: unknown } {
    const query = lastParam(ctx.query, 'query') || data.query;
    let variables: unknown = lastParam(ctx.query, 'variables') || data.variables;
    let operationName = (lastParam(ctx.query, 'operationName') || data.operationName) as string | undefined | null;
    if (operationName === 'null') operationName = null;
    if (typeof variables === 'string' && variables !== '') {
      try {
        variables = JSON.parse(variables);
      } catch {
        throw new HttpError(400, 'Variables are invalid JSON.');
      }
    }
    if (!query) throw new HttpError(400, 'Must provide query string.');
    const failed = (errors: readonly GraphQLError[]): { status: number; body: unknown } => ({ status: 400, body: { errors: errors.map(formatted) } });
    let document: DocumentNode;
    try {
      document = parse(query as string);
    } catch (e) {
      return failed([e instanceof GraphQLError ? e : new GraphQLError((e as Error).message)]);
    }
    if (ctx.method === 'GET') {
      const operation = getOperationAST(document, operationName ?? undefined);
      if (operation && operation.operation !== 'query') {
        throw new HttpError(405, `Can only perform a ${operation.operation} operation from a POST request.`, { Allow: 'POST' });
      }
    }
    const invalid = validate(this.schema, document);
    if (invalid.length > 0) return failed(invalid);
    const context: GraphqlContext = { db: this.db, origin: `http://${host}` };
    const result = execute({
      schema: this.schema,
      document,
      variableValues: (variables ?? undefined) as Record<string, unknown> | undefined,
      operationName: operationName ?? undefined,
      contextValue: context,
    }) as ExecutionResult;
    const errors = result.errors ?? [];
    if (errors.some((e) => e.path === undefined)) return failed(errors);
    return { status: 200, body: errors.length > 0 ? { errors: errors.map(formatted), data: result.data ?? null } : { data: result.data ?? null } };
  }
}
