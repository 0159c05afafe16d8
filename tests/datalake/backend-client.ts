// Shared by the tests of the backend replica (backend-*.test.ts, graphql-*.test.ts):
// the sample catalogue, its rows' UUIDs, and GraphQL requests whose documents
// are parsed here first, so a typo in a test's query fails as a test error
// instead of passing as the server's validation error.
import { parse } from 'graphql';
import { uuid5 } from '../../datalake/src/backend/ids.js';
import { loadCatalogue } from '../../datalake/src/data/catalogue.js';

export const catalogue = loadCatalogue();

/** The replica's UUID of a row: uuid5(namespace, "<model>:<key>") (datalake/README.md). */
export const uuidOf = (model: string, key: string): string => uuid5(catalogue.uuid_namespace!, `${model}:${key}`);

export interface GraphqlAnswer {
  status: number;
  body: any;
  headers: Headers;
}

/** POSTs a GraphQL document as JSON (the website's and the sdk's way); the document must parse. */
export async function graphql(url: string, query: string, options: { variables?: unknown; path?: string; operationName?: string } = {}): Promise<GraphqlAnswer> {
  parse(query);
  const res = await fetch(`${url}${options.path ?? '/api/v1/graphql'}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables: options.variables ?? null, operationName: options.operationName }),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** GETs a backend REST view; `redirect: manual` so APPEND_SLASH's 301 is seen. */
export async function rest(url: string, path: string, init: RequestInit = {}): Promise<{ status: number; text: string; json: any; headers: Headers }> {
  const res = await fetch(`${url}${path}`, { redirect: 'manual', ...init });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** The nodes of a connection. */
export const nodes = <T = any>(connection: { edges: Array<{ node: T }> }): T[] => connection.edges.map((e) => e.node);
