// What Django (DEBUG=False, as the backend's settings/remote.py runs it) answers
// around the views: its 404 page (the backend has no 404.html), the backend's
// 500.html, APPEND_SLASH's permanent redirect, and a class-based view's 405.
import type { ServerResponse } from 'node:http';
import { RawJson, send, type RequestContext } from '../http.js';

const HTML = 'text/html; charset=utf-8';

/** django.views.defaults.ERROR_PAGE_TEMPLATE with page_not_found's title and details. */
const NOT_FOUND_PAGE = `
<!doctype html>
<html lang="en">
<head>
  <title>Not Found</title>
</head>
<body>
  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>
</body>
</html>
`;

/** backend/apps/core/templates/500.html rendered into base.html (the home link is the site root). */
const SERVER_ERROR_PAGE = `



    <div class="d-flex flex-row-fluid flex-column bgi-size-cover bgi-position-center bgi-no-repeat p-10 p-sm-30">
        <!--begin::Content-->
        <h1 class="font-weight-boldest text-dark-75 mt-15" style="font-size: 10rem;text-align: center;">Erro de servidor</h1>
        <p class="font-size-h3 text-muted font-weight-normal" style="text-align: center;">Por favor informe a equipe de plataforma</p>
        <p class="font-size-h3 text-muted font-weight-normal" style="text-align: center;">Voltar para a <a href="/">página inicial</a></p>
        <!--end::Content-->
    </div>

`;

// RawJson carries any text already encoded; here HTML.
export const djangoNotFound = (ctx: RequestContext, res: ServerResponse): void => send(ctx, res, 404, new RawJson(NOT_FOUND_PAGE), HTML);

export const djangoServerError = (ctx: RequestContext, res: ServerResponse): void => send(ctx, res, 500, new RawJson(SERVER_ERROR_PAGE), HTML);

/** HttpResponseRedirect / HttpResponsePermanentRedirect: an empty body and Location as given. */
export const djangoRedirect = (ctx: RequestContext, res: ServerResponse, status: 301 | 302, location: string): void =>
  send(ctx, res, status, new RawJson(''), HTML, { Location: location });

/**
 * A class-based view (View.dispatch) with only get(): HEAD is served as GET,
 * OPTIONS lists the methods, anything else is 405 with an empty body.
 * Returns true when the request was answered here.
 */
export function answerNonGet(ctx: RequestContext, res: ServerResponse): boolean {
  const allow = { Allow: 'GET, HEAD, OPTIONS' };
  if (ctx.method === 'GET' || ctx.method === 'HEAD') return false;
  if (ctx.method === 'OPTIONS') send(ctx, res, 200, new RawJson(''), HTML, allow);
  else send(ctx, res, 405, new RawJson(''), HTML, allow);
  return true;
}
