// The backend's errors as the real one writes them where they happen: the
// GraphQL view's `{"errors": [...]}`, a REST view's own `{"error": ...}`, and
// around the views Django's pages (or nginx's). The datalake's guard refusals
// and injected faults on the backend's paths are written with it, so a client
// reads them as it reads the real backend's.
import { errorPage, HTML } from './django.js';
import { pythonJson } from './python-json.js';

/** How the view at a path writes its own errors: GraphQL's errors, JsonResponse({"error": ...}), or not at all. */
export type ErrorStyle = 'graphql' | 'json' | 'page';

export interface ErrorAnswer {
  contentType: string;
  text: string;
}

const JSON_TYPE = 'application/json';

/** django.utils.html.escape. */
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' })[c]!);

/** An error in the view's own words: graphene-django's compact `{"errors": [{"message"}]}`, JsonResponse's `{"error": ...}`, else Django's page. */
export function viewError(style: ErrorStyle, status: number, message: string): ErrorAnswer {
  if (style === 'graphql') return { contentType: JSON_TYPE, text: pythonJson({ errors: [{ message }] }, { separators: [',', ':'] }) };
  if (style === 'json') return { contentType: JSON_TYPE, text: pythonJson({ error: message }) };
  return { contentType: HTML, text: errorPage(status, escapeHtml(message)) };
}

/**
 * What the backend answers when it fails with `status` (an injected fault): the
 * view's own error where the view has one (GraphQL's 400, a REST view's 400 and
 * 404), else the page of what answers that status around the views (Django's
 * 400/403/404 page, the backend's 500.html, nginx's page for 429 and 502-504).
 * `detail` goes in as it is, unescaped, as a careless server quotes what it got.
 */
export function failureAnswer(style: ErrorStyle, status: number, detail: string): ErrorAnswer {
  const viewOwns = (style === 'graphql' && status === 400) || (style === 'json' && (status === 400 || status === 404));
  return viewOwns ? viewError(style, status, detail) : { contentType: HTML, text: errorPage(status, detail) };
}
