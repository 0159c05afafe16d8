/**
 * A synthetic OpenAPI 3.1 spec of exactly N operations, the same bytes for
 * the same N: resources of four operations each (list with paging and
 * filters, create with a JSON body, get and delete by id), one schema per
 * resource referring to a shared one, a tag per ten resources, descriptions
 * and examples, so every stage (lint, IR, names, both emitters, the types)
 * has its usual work per operation. bench/generate.mjs times bdgen on it.
 *
 *   node bench/generate-spec.mjs 1000 > spec.json
 */
import { pathToFileURL } from 'node:url';

export function syntheticSpec(operations) {
  const paths = {};
  const schemas = {
    Audit: {
      type: 'object',
      description: 'Who changed a resource, and when.',
      required: ['created_at'],
      properties: { created_at: { type: 'string', format: 'date-time' }, created_by: { type: ['string', 'null'] } },
    },
  };
  const tags = [];
  const id = { name: 'id', in: 'path', required: true, description: 'The resource id.', schema: { type: 'string', pattern: '^[a-z0-9_]+$' }, example: 'abc_1' };
  const ok = (schema, description) => ({ description, content: { 'application/json': { schema } } });
  const notFound = { description: 'No such resource.' };
  for (let done = 0, r = 0; done < operations; r++) {
    const name = `Resource${r}`;
    const tag = `group${Math.floor(r / 10)}`;
    if (r % 10 === 0) tags.push({ name: tag, description: `Resources ${r} to ${r + 9}.` });
    schemas[name] = {
      type: 'object',
      description: `Resource number ${r}.`,
      required: ['id', 'name'],
      properties: {
        id: { type: 'string', description: 'Its id.' },
        name: { type: 'string', description: 'Its name.', maxLength: 200 },
        size: { type: 'integer', minimum: 0, description: 'How big it is.' },
        kind: { type: 'string', enum: ['small', 'large'] },
        labels: { type: 'array', items: { type: 'string' } },
        audit: { $ref: '#/components/schemas/Audit' },
      },
    };
    const ref = { $ref: `#/components/schemas/${name}` };
    const ops = [
      ['get', `/r${r}`, {
        operationId: `list_resource${r}`,
        summary: `List resource ${r}.`,
        description: `Every resource ${r}, page by page.`,
        parameters: [
          { name: 'page', in: 'query', description: 'Page number.', schema: { type: 'integer', minimum: 1, default: 1 } },
          { name: 'page_size', in: 'query', description: 'Items per page.', schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 } },
          { name: 'q', in: 'query', description: 'Text to search for.', schema: { type: 'string' }, example: 'pib' },
        ],
        responses: {
          200: ok({ type: 'object', required: ['items', 'count'], properties: { items: { type: 'array', items: ref }, count: { type: 'integer' }, page_total: { type: 'integer' } } }, 'One page.'),
          400: { description: 'Bad filters.' },
        },
      }],
      ['post', `/r${r}`, {
        operationId: `create_resource${r}`,
        summary: `Create a resource ${r}.`,
        requestBody: { required: true, content: { 'application/json': { schema: ref, example: { id: 'abc_1', name: 'A name' } } } },
        responses: { 201: ok(ref, 'Created.'), 400: { description: 'Invalid.' } },
      }],
      ['get', `/r${r}/{id}`, { operationId: `get_resource${r}`, summary: `One resource ${r}.`, parameters: [id], responses: { 200: ok(ref, 'Found.'), 404: notFound } }],
      ['delete', `/r${r}/{id}`, { operationId: `delete_resource${r}`, summary: `Delete a resource ${r}.`, parameters: [id], responses: { 204: { description: 'Deleted.' }, 404: notFound } }],
    ];
    for (const [method, path, op] of ops) {
      if (done === operations) break;
      paths[path] ??= {};
      paths[path][method] = { ...op, tags: [tag] };
      done++;
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: `Synthetic ${operations}`, version: '1.0.0', summary: `A generated spec of ${operations} operations.`, license: { name: 'MIT', identifier: 'MIT' } },
    servers: [{ url: 'http://127.0.0.1:8787' }],
    tags,
    paths,
    components: { schemas },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2]);
  if (!Number.isInteger(n) || n < 1) throw new Error('usage: node bench/generate-spec.mjs N');
  process.stdout.write(`${JSON.stringify(syntheticSpec(n), null, 2)}\n`);
}
