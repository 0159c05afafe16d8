// The replica of the Base dos Dados backend (backend.basedosdados.org): its
// REST views at the host root and GraphQL at /graphql and /api/v1/graphql,
// routed as backend/apps/api/v1/urls.py routes them, with Django's
// APPEND_SLASH; every other path is Django's 404 page. It answers every
// request that is neither BigQuery's nor the control API's.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../data/engine.js';
import type { RequestContext } from '../http.js';
import type { CatalogueFixture } from '../data/catalogue.js';
import { GraphqlView } from '../graphql/view.js';
import { buildDatabase, type Database } from './database.js';
import { answerNonGet, djangoNotFound, djangoRedirect } from './django.js';
import type { ErrorStyle } from './error-answers.js';
import { buildIndex } from './search.js';
import { SearchViews } from './search-views.js';
import { TableViews } from './table-views.js';

/** Django's <uuid:...> path converter: lower-case hex only. */
const UUID_SEGMENT = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

type View = (ctx: RequestContext, req: IncomingMessage, res: ServerResponse, match: RegExpExecArray) => void | Promise<void>;

interface Route {
  /** Operation name in the datalake's stats. */
  name: string;
  pattern: RegExp;
  /** Class-based views (View with get only) answer HEAD, OPTIONS and 405 themselves; function views take any method. */
  getOnly: boolean;
  /** How the view writes its own errors. */
  errors: ErrorStyle;
  view: View;
}

export class BackendFace {
  readonly db: Database;
  readonly graphql: GraphqlView;
  private readonly routes: Route[];

  constructor(catalogue: CatalogueFixture, engine: Engine) {
    this.db = buildDatabase(catalogue, engine);
    this.graphql = new GraphqlView(this.db);
    const search = new SearchViews(this.db, buildIndex(this.db));
    const tables = new TableViews(this.db);
    const graphql: View = (ctx, req, res) => this.graphql.handle(ctx, req, res);
    // urls.py: redirect_to_graphql answers HttpResponseRedirect("graphql"), a path relative to the request's.
    const toGraphql: View = (ctx, _req, res) => djangoRedirect(ctx, res, 302, 'graphql');
    this.routes = [
      { name: 'backend.redirect', pattern: /^\/api\/$/, getOnly: false, errors: 'page', view: toGraphql },
      { name: 'backend.redirect', pattern: /^\/api\/v1\/$/, getOnly: false, errors: 'page', view: toGraphql },
      { name: 'backend.graphql', pattern: /^\/api\/v1\/graphql$/, getOnly: false, errors: 'graphql', view: graphql },
      { name: 'backend.graphql', pattern: /^\/graphql$/, getOnly: false, errors: 'graphql', view: graphql },
      { name: 'backend.search', pattern: /^\/search\/$/, getOnly: true, errors: 'json', view: (ctx, _req, res) => search.search(ctx, res) },
      { name: 'backend.facet_values', pattern: /^\/facet_values\/$/, getOnly: true, errors: 'json', view: (ctx, _req, res) => search.facetValues(ctx, res) },
      { name: 'backend.table_stats', pattern: /^\/tables\/stats\/$/, getOnly: false, errors: 'json', view: (ctx, _req, res) => tables.stats(ctx, res) },
      {
        name: 'backend.table_columns',
        pattern: new RegExp(`^/tables/(${UUID_SEGMENT})/columns/$`),
        getOnly: false,
        errors: 'json',
        view: (ctx, _req, res, m) => tables.columns(ctx, res, m[1]!),
      },
      { name: 'backend.export_catalog', pattern: /^\/export\/catalog\/$/, getOnly: true, errors: 'page', view: (ctx, _req, res) => tables.exportCatalog(ctx, res) },
    ];
  }

  private route(path: string): { route: Route; match: RegExpExecArray } | undefined {
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (match) return { route, match };
    }
    return undefined;
  }

  /** Whether CommonMiddleware would redirect `path` to `path/` (APPEND_SLASH: only when the slashed path has a view). */
  private appendsSlash(path: string): boolean {
    return !path.endsWith('/') && this.route(path) === undefined && this.route(`${path}/`) !== undefined;
  }

  /** The stats name of a request to `path`. */
  operation(path: string): string {
    const found = this.route(path);
    if (found) return found.route.name;
    return this.appendsSlash(path) ? 'backend.append_slash' : 'backend.not_found';
  }

  /** How the view at `path` writes its own errors (`page`: it has none, or there is no view). */
  errorStyle(path: string): ErrorStyle {
    return this.route(path)?.route.errors ?? 'page';
  }

  async handle(ctx: RequestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const found = this.route(ctx.path);
    if (!found) {
      if (!this.appendsSlash(ctx.path)) return djangoNotFound(ctx, res);
      // request.get_full_path(force_append_slash=True): the path with a slash and the query string as sent.
      const raw = req.url ?? '';
      const query = raw.includes('?') ? raw.slice(raw.indexOf('?')) : '';
      return djangoRedirect(ctx, res, 301, `${ctx.path}/${query}`);
    }
    if (found.route.getOnly && answerNonGet(ctx, res)) return;
    await found.route.view(ctx, req, res, found.match);
  }
}
