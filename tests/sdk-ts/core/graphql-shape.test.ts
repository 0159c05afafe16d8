/**
 * Step 7 of docs/architecture.md ("x-bd-graphql"), as given/want tables: nested
 * connections become lists, plucked fields are lifted and their sources
 * dropped, `<field>_<locale>` keys become `<field>` with the first locale as
 * the fallback, and the three in that order.
 */
import { describe, expect, it } from 'vitest';

import {
  flattenConnections,
  isConnection,
  localize,
  pluckFields,
  shapeResultObject,
  valueAt,
  type PluckSpec,
} from '../../../sdk-ts/src/core/graphql-shape.js';

const LOCALES = ['pt', 'en', 'es'] as const;

describe('valueAt', () => {
  const answer = { a: { edges: [{ node: { b: 1 } }, { node: null }] }, n: 0, s: '' };
  it.each([
    { path: ['a', 'edges', 0, 'node', 'b'], want: 1 },
    { path: ['a', 'edges', 1, 'node'], want: undefined },
    { path: ['a', 'edges', 2, 'node'], want: undefined },
    { path: ['a', 'missing'], want: undefined },
    { path: ['a', 0], want: undefined },
    { path: ['a', 'edges', 'x'], want: undefined },
    { path: ['n'], want: 0 },
    { path: ['s'], want: '' },
    { path: [], want: answer },
  ])('$path -> $want', ({ path, want }) => {
    expect(valueAt(answer, path)).toBe(want);
  });
});

describe('flattenConnections', () => {
  it.each([
    { name: 'a connection at the top', given: { edges: [{ node: { a: 1 } }, { node: { a: 2 } }] }, want: [{ a: 1 }, { a: 2 }] },
    {
      name: 'connections nested in nodes, with the keys a connection may carry',
      given: { t: { totalCount: 1, edgeCount: 1, pageInfo: { hasNextPage: false }, edges: [{ node: { c: { edges: [{ node: { x: 'y' } }] } } }] } },
      want: { t: [{ c: [{ x: 'y' }] }] },
    },
    { name: 'an empty connection', given: { tags: { edges: [] } }, want: { tags: [] } },
    { name: 'a null node stays null', given: { o: { edges: [{ node: null }] } }, want: { o: [null] } },
    { name: 'an object with other keys is not a connection', given: { o: { edges: [{ node: 1 }], extra: true } }, want: { o: { edges: [{ node: 1 }], extra: true } } },
    { name: 'edges that are not all {node} are not a connection', given: { o: { edges: [{ cursor: 'x' }] } }, want: { o: { edges: [{ cursor: 'x' }] } } },
    { name: 'lists and scalars pass through', given: [1, 'a', null, { k: [true] }], want: [1, 'a', null, { k: [true] }] },
  ])('$name', ({ given, want }) => {
    expect(flattenConnections(given)).toEqual(want);
  });

  it('tells a connection from other objects', () => {
    expect(isConnection({ edges: [] })).toBe(true);
    expect(isConnection({ edges: {} })).toBe(false);
    expect(isConnection(null)).toBe(false);
  });
});

describe('pluckFields', () => {
  const DATASET_ID: PluckSpec = { field: 'dataset_id', path: ['bigquery', 0, 'cloud_tables', 0, 'gcp_dataset_id'] };
  const STATUS: PluckSpec = { field: 'status', path: ['status', 'slug'] };
  it.each([
    {
      name: 'lifts a nested value and drops the key its path starts from',
      given: { slug: 'pib', bigquery: [{ cloud_tables: [{ gcp_dataset_id: 'br_ibge_pib' }] }] },
      pluck: [DATASET_ID],
      want: { slug: 'pib', dataset_id: 'br_ibge_pib' },
    },
    {
      name: 'a field plucked from itself replaces itself (status: status.slug), read before any write',
      given: { status: { slug: 'published' }, bigquery: [] },
      pluck: [DATASET_ID, STATUS],
      want: { status: 'published', dataset_id: null },
    },
    {
      name: 'a missing path gives null, a null status too',
      given: { status: null },
      pluck: [STATUS],
      want: { status: null },
    },
    {
      name: 'two fields from one source drop it once',
      given: { cloud_tables: [{ gcp_dataset_id: 'd', gcp_table_id: 't' }], name: 'n' },
      pluck: [
        { field: 'dataset_id', path: ['cloud_tables', 0, 'gcp_dataset_id'] },
        { field: 'table_id', path: ['cloud_tables', 0, 'gcp_table_id'] },
      ],
      want: { name: 'n', dataset_id: 'd', table_id: 't' },
    },
    { name: 'no pluck leaves the object as it is', given: { a: { b: 1 } }, pluck: [], want: { a: { b: 1 } } },
  ])('$name', ({ given, pluck, want }) => {
    expect(pluckFields(given, pluck)).toEqual(want);
  });
});

describe('localize', () => {
  it.each([
    { name: 'picks the locale asked for', locale: 'en', given: { name_pt: 'Economia', name_en: 'Economy', name_es: 'Economía' }, want: { name: 'Economy' } },
    { name: 'falls back to the first locale when the translation is null', locale: 'es', given: { name_pt: 'Censo', name_en: 'Census', name_es: null }, want: { name: 'Censo' } },
    { name: 'falls back when the translation was not asked for', locale: 'en', given: { name_pt: 'Censo' }, want: { name: 'Censo' } },
    { name: 'null when no locale has it', locale: 'en', given: { description_pt: null, description_en: null }, want: { description: null } },
    {
      name: 'at any depth, in lists too, keeping the place of the first translation',
      locale: 'en',
      given: { slug: 'x', name_pt: 'a', name_en: 'b', themes: [{ name_pt: 'c', name_en: 'd' }], dataset: { name_pt: 'e', name_en: null } },
      want: { slug: 'x', name: 'b', themes: [{ name: 'd' }], dataset: { name: 'e' } },
    },
    { name: 'keys that only look localized stay', locale: 'en', given: { _pt: 1, is_closed: false, name_fr: 'x' }, want: { _pt: 1, is_closed: false, name_fr: 'x' } },
  ])('$name', ({ locale, given, want }) => {
    const out = localize(given, { locale, locales: LOCALES });
    expect(out).toEqual(want);
    expect(Object.keys(out as object)).toEqual(Object.keys(want));
  });
});

describe('shapeResultObject: flatten, then pluck, then localize', () => {
  it('turns a dataset node of the backend into a catalogue dataset', () => {
    const node = {
      uuid: 'u',
      slug: 'pib',
      name_pt: 'PIB', name_en: 'GDP', name_es: null,
      status: { slug: 'published' },
      themes: { edges: [{ node: { slug: 'economia', name_pt: 'Economia', name_en: 'Economy', name_es: 'Economía' } }] },
      bigquery: { edges: [{ node: { cloud_tables: { edges: [{ node: { gcp_dataset_id: 'br_ibge_pib' } }] } } }] },
    };
    const pluck: PluckSpec[] = [
      { field: 'dataset_id', path: ['bigquery', 0, 'cloud_tables', 0, 'gcp_dataset_id'] },
      { field: 'status', path: ['status', 'slug'] },
    ];
    expect(shapeResultObject(node, pluck, { locale: 'es', locales: LOCALES })).toEqual({
      uuid: 'u', slug: 'pib', name: 'PIB', status: 'published', themes: [{ slug: 'economia', name: 'Economía' }], dataset_id: 'br_ibge_pib',
    });
    expect(shapeResultObject(node, [], null)).toMatchObject({ name_pt: 'PIB', themes: [{ name_en: 'Economy' }] });
  });
});
