// Relay paging as graphene-django 3.0.0 does it, over loopback: first/last/
// offset/after/before, pageInfo and counts, and RELAY_CONNECTION_MAX_LIMIT
// (1,500) on a catalogue with more tags than that.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import { catalogue, graphql, nodes } from './backend-client.js';

const EXTRA_TAGS = 1600;
const TAGS = catalogue.tags.length + EXTRA_TAGS;
let dl: Datalake;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'bdgen-paging-'));
  const tags = [...catalogue.tags, ...Array.from({ length: EXTRA_TAGS }, (_, i) => ({ id: `zz_tag_${String(i).padStart(4, '0')}`, name: `Tag ${i}` }))];
  const path = join(scratch, 'catalogue.json');
  writeFileSync(path, JSON.stringify({ ...catalogue, tags }));
  dl = await startDatalake({ cataloguePath: path });
});
afterAll(async () => {
  await dl?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const cursor = (n: number): string => Buffer.from(`arrayconnection:${n}`).toString('base64');
const page = async (args: string): Promise<any> => {
  const { status, body } = await graphql(dl.url, `{ allTag${args} { totalCount edgeCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { slug } } } }`);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(status).toBe(200);
  return body.data.allTag;
};

describe('past the first page', () => {
  it('gives at most 1,500 rows when no first or last is given, with a next page', async () => {
    const all = await page('');
    expect(all.totalCount).toBe(TAGS);
    expect(all.edgeCount).toBe(1500);
    expect(all.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: cursor(0), endCursor: cursor(1499) });
    expect(all.edges[1499].cursor).toBe(cursor(1499));
  });

  it('reaches every row past 1,500 by offset or by the last cursor, none lost or repeated', async () => {
    const first = await page('');
    const byOffset = await page('(offset: 1500)');
    const byCursor = await page(`(after: "${first.pageInfo.endCursor}")`);
    expect(byOffset.edgeCount).toBe(TAGS - 1500);
    expect(byOffset.pageInfo.hasNextPage).toBe(false);
    expect(byOffset.edges[0].cursor).toBe(cursor(1500));
    expect(byCursor.edges).toEqual(byOffset.edges);
    const slugs = [...first.edges, ...byOffset.edges].map((e: any) => e.node.slug);
    expect(new Set(slugs).size).toBe(TAGS);
    expect(slugs).toEqual([...slugs].sort());
  });

  it('pages with first and offset, offset counted after an `after` cursor', async () => {
    const p = await page('(first: 10, offset: 20)');
    expect(p.edges.map((e: any) => e.cursor)).toEqual(Array.from({ length: 10 }, (_, i) => cursor(20 + i)));
    expect(p.pageInfo.hasNextPage).toBe(true);
    expect(p.pageInfo.hasPreviousPage).toBe(false);
    const q = await page(`(first: 5, offset: 10, after: "${cursor(99)}")`);
    expect(q.edges[0].cursor).toBe(cursor(110));
  });

  it('pages backwards with last and before', async () => {
    const tail = await page('(last: 3)');
    expect(tail.edges.map((e: any) => e.cursor)).toEqual([cursor(TAGS - 3), cursor(TAGS - 2), cursor(TAGS - 1)]);
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await page(`(last: 2, before: "${cursor(10)}")`);
    expect(before.edges.map((e: any) => e.cursor)).toEqual([cursor(8), cursor(9)]);
  });

  it('gives an empty page for first: 0 and past the end, and ignores a cursor that is not one', async () => {
    expect(await page('(first: 0)')).toMatchObject({ edgeCount: 0, pageInfo: { hasNextPage: true, startCursor: null, endCursor: null } });
    expect(await page(`(offset: ${TAGS + 5})`)).toMatchObject({ edgeCount: 0, totalCount: TAGS });
    expect((await page('(first: 2, after: "not a cursor")')).edges[0].cursor).toBe(cursor(0));
  });
});

describe("graphene-django's paging errors: HTTP 200, errors with the field's path, data null there", () => {
  const error = async (query: string): Promise<{ message: string; path: unknown; status: number; data: unknown }> => {
    const { status, body } = await graphql(dl.url, query);
    return { status, message: body.errors[0].message, path: body.errors[0].path, data: body.data };
  };

  it('refuses first or last over 1,500, on root and nested connections', async () => {
    expect(await error('{ allTag(first: 1501) { totalCount } }')).toEqual({
      status: 200,
      message: 'Requesting 1501 records on the `allTag` connection exceeds the `first` limit of 1500 records.',
      path: ['allTag'],
      data: { allTag: null },
    });
    expect((await error('{ allTag(last: 2000) { totalCount } }')).message).toBe('Requesting 2000 records on the `allTag` connection exceeds the `last` limit of 1500 records.');
    const nested = await error('{ allDataset(slug: "pib") { edges { node { slug tags(first: 1501) { totalCount } } } } }');
    expect(nested.message).toBe('Requesting 1501 records on the `tags` connection exceeds the `first` limit of 1500 records.');
    expect(nested.path).toEqual(['allDataset', 'edges', 0, 'node', 'tags']);
    // The nested connection is non-null (DjangoFilterConnectionField(required=True)): its null reaches the nullable node.
    expect(nested.data).toEqual({ allDataset: { edges: [{ node: null }] } });
  });

  it('refuses before with offset, a negative first, a negative offset', async () => {
    expect((await error(`{ allTag(offset: 2, before: "${cursor(5)}") { totalCount } }`)).message).toBe(
      "You can't provide a `before` value at the same time as an `offset` value to properly paginate the `allTag` connection.",
    );
    expect((await error('{ allTag(first: -1) { totalCount } }')).message).toBe("Argument 'first' must be a non-negative integer.");
    expect((await error('{ allTag(offset: -3) { totalCount } }')).message).toBe('Negative indexing is not supported.');
  });

  it('pages nested connections too', async () => {
    const { body } = await graphql(dl.url, '{ allTable(dataset_Slug: "diretorios_brasil", slug: "municipio") { edges { node { columns(first: 3, offset: 3) { totalCount edgeCount pageInfo { hasNextPage } edges { node { name } } } } } } }');
    const columns = nodes(body.data.allTable)[0].columns;
    expect(columns).toMatchObject({ totalCount: 11, edgeCount: 3, pageInfo: { hasNextPage: true } });
    // By name: amazonia_legal, capital_uf, centroide, then these.
    expect(nodes(columns).map((c: any) => c.name)).toEqual(['ddd', 'id_municipio', 'id_municipio_6']);
  });
});
