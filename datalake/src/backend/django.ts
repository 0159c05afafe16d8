// What Django (DEBUG=False, as the backend's settings/remote.py runs it) answers
// around the views: its error pages (the backend has no 404.html, 400.html or
// 403.html), the backend's 500.html, APPEND_SLASH's permanent redirect, a
// class-based view's 405, and the page of the nginx in front of it for the
// statuses Django never gives here (429, 502-504: assumed, nginx's defaults).
import { STATUS_CODES, type ServerResponse } from 'node:http';
import { RawJson, send, type RequestContext } from '../http.js';

export const HTML = 'text/html; charset=utf-8';

/** django.views.defaults.ERROR_PAGE_TEMPLATE. */
const djangoPage = (title: string, details: string): string => `
<!doctype html>
<html lang="en">
<head>
  <title>${title}</title>
</head>
<body>
  <h1>${title}</h1><p>${details}</p>
</body>
</html>
`;

/** Title and details of django.views.defaults' bad_request, permission_denied and page_not_found. */
const DJANGO_PAGES: Record<number, [string, string]> = {
  400: ['Bad Request (400)', ''],
  403: ['403 Forbidden', ''],
  404: ['Not Found', 'The requested resource was not found on this server.'],
};

/** nginx's own reason phrases where they differ from Node's. */
const NGINX_REASONS: Record<number, string> = { 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out', 408: 'Request Time-out', 401: 'Authorization Required' };

/** ngx_http_special_response.c: the error page nginx writes itself. */
const nginxPage = (status: number, details: string): string => {
  const title = `${status} ${NGINX_REASONS[status] ?? STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n${details === '' ? '' : `<p>${details}</p>\r\n`}<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
};

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

/**
 * The page the backend's stack answers `status` with, `details` (HTML, empty for
 * the page as it is) inside it: Django's pages for 400, 403 and 404, the
 * backend's 500.html for 500, nginx's for the rest.
 */
export function errorPage(status: number, details = ''): string {
  const more = details === '' ? '' : `<p>${details}</p>\n`;
  if (status === 500) return SERVER_ERROR_PAGE.replace('<!--end::Content-->', `${more}<!--end::Content-->`);
  const django = DJANGO_PAGES[status];
  return django ? djangoPage(django[0], details || django[1]) : nginxPage(status, details);
}

// RawJson carries any text already encoded; here HTML.
export const djangoNotFound = (ctx: RequestContext, res: ServerResponse): void => send(ctx, res, 404, new RawJson(errorPage(404)), HTML);

export const djangoServerError = (ctx: RequestContext, res: ServerResponse): void => send(ctx, res, 500, new RawJson(errorPage(500)), HTML);

/** HttpResponseRedirect / HttpResponsePermanentRedirect (and any other redirect status): an empty body and Location as given. */
export const djangoRedirect = (ctx: RequestContext, res: ServerResponse, status: number, location: string, headers: Record<string, string> = {}): void =>
  send(ctx, res, status, new RawJson(''), HTML, { ...headers, Location: location });

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
