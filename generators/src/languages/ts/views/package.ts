/**
 * The files that make `--out` output a package of its own: package.json,
 * tsconfig.json, README.md and src/index.ts (the runtime is copied beside the
 * generated code). In this repository `sdk-ts` has its own, hand-written.
 */
import { oneLine } from '../../../emit/escape.js';
import type { IR } from '../../../ir/types.js';
import { npmTarballName } from '../../../release/artifact-names.js';
import type { TsNames } from '../names.js';
import { authReadme } from './auth.js';

/** Versions the generated package is built and tested with (the repository's own). */
const TYPESCRIPT = '~5.9.3';
const TYPES_NODE = '^20.19.0';
const UNDICI = '^7.16.0';

/** npm's name rules: the spec's, else the title's words in kebab case. */
export function npmName(ir: IR): string {
  const declared = ir.packages.typescript?.name;
  if (declared) return declared;
  const name = ir.packages.titleWords.join('-').slice(0, 214).replace(/-+$/, '');
  return name === '' ? 'api-client' : name;
}

/** semver: MAJOR.MINOR.PATCH[-pre], from the IR's parsed version. */
export function npmVersion(ir: IR): string {
  const { major, minor, patch, prerelease } = ir.version;
  return `${major}.${minor}.${patch}${prerelease.length > 0 ? `-${prerelease.join('.')}` : ''}`;
}

export function packageJson(ir: IR): string {
  const manifest = {
    name: npmName(ir),
    version: npmVersion(ir),
    description: oneLine(ir.info.summary || `A TypeScript client of ${ir.info.title}.`),
    ...(ir.info.license ? { license: ir.info.license } : {}),
    type: 'module',
    engines: { node: '>=20.18' },
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' },
    files: ['dist', 'README.md'],
    sideEffects: false,
    scripts: { build: 'tsc -p tsconfig.json', typecheck: 'tsc --noEmit -p tsconfig.json' },
    dependencies: { undici: UNDICI },
    devDependencies: { '@types/node': TYPES_NODE, typescript: TYPESCRIPT },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Text in a Markdown table cell: one line, pipes escaped. */
const cell = (text: string) => oneLine(text).replace(/\|/g, '\\|');

export function readmeView(ir: IR, names: TsNames) {
  const list = ir.operations.find((op) => op.pagination !== null) ?? ir.operations[0];
  const call = list ? (list.group ? `${names.groupProperty.get(list.group.name)}.${names.method.get(list.id)}` : names.method.get(list.id)!) : '';
  const servers = ir.servers.length > 0 ? ir.servers : [{ url: 'http://127.0.0.1:8787', description: '' }];
  const environments = ir.environments.map((e) => ({ name: e.name, isDefault: e.isDefault ? ' (default)' : '', apiUrl: cell(e.apiUrl), description: cell(e.description) }));
  return {
    environments: environments.length > 0 ? environments : false,
    defaultEnvironment: (ir.environments.find((e) => e.isDefault) ?? ir.environments[0])?.name ?? '',
    servers: servers.map((s) => ({ url: oneLine(s.url), description: oneLine(s.description) })),
    graphql: ir.operations.some((op) => op.graphql !== null),
    // A server on this machine (the local datalake of `bdgen serve`, in ours): how to point the client at it.
    localServer: oneLine(ir.servers.find((server) => /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(server.url))?.url ?? '') || false,
    title: oneLine(ir.info.title) || npmName(ir),
    summary: oneLine(ir.info.summary),
    name: npmName(ir),
    version: npmVersion(ir),
    releaseTarball: npmTarballName(npmName(ir), npmVersion(ir)),
    clientClass: names.clientClass,
    call,
    paged: list?.pagination !== null && list !== undefined,
    operations: ir.operations.length,
    ...authReadme(ir, names.clientClass),
    apiUrlVariable: `${ir.brand.envPrefix}_API_URL`,
    environmentVariable: `${ir.brand.envPrefix}_ENVIRONMENT`,
  };
}
