/**
 * What a generated Stata command sends, seen by a loopback server. The Python
 * and Stata packages of tests/specs/fixtures/issue18/stata-requests.yaml are
 * generated into a temporary folder; each test runs a do-file through the
 * stand-in in a Python process of its own (tests/stata/standin/stata_batch.py),
 * its environment holding the credentials under the names the generated
 * README's Credentials table gives, and checks what the server received and
 * what Stata showed: each scheme's credential sent, and absent from the log of
 * a refused call; body() as a JSON, a form and a multipart body (a file part
 * included), bad text r(198) and an unreadable file r(601) with no request;
 * no<name> sends false and its absence true; a 204 answer shows (done).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileSpec, emitAll } from '../../generators/src/generate.js';
import { PROJECT_ROOT } from '../../generators/src/paths.js';
import { writeOutputs } from '../../generators/src/write/write-files.js';

const SPEC = 'tests/specs/fixtures/issue18/stata-requests.yaml';
const KEY = 'key-6b1f0e2d9a';
const USER = 'ana';
const PASSWORD = 'pw-83c5e71b40';
const CLIENT_ID = 'robot-client';
const CLIENT_SECRET = 'cs-f2a94d07be';
const TOKEN = 'tok-5e0c9b13d8';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

interface Step {
  readonly line: string;
  readonly rc: number;
  readonly output: string[];
}

interface Batch {
  readonly rc: number;
  readonly steps: Step[];
  /** The whole process's stdout and stderr: the report and anything else the run printed. */
  readonly printed: string;
}

const seen: Seen[] = [];
let server: Server;
let url: string;
let scratch: string;
let python: string;
let variables: Map<string, Map<string, string>>;

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

function reply(response: import('node:http').ServerResponse, status: number, body?: unknown): void {
  response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

/** The API of the fixture: a right credential gets an answer, a wrong one a 401 that echoes what it got (as careless servers do). */
function answer(request: Seen, response: import('node:http').ServerResponse): void {
  const auth = request.headers.authorization ?? '';
  const route = `${request.method} ${request.path}`;
  if (route === 'POST /oauth/token') {
    if (auth === basic(CLIENT_ID, CLIENT_SECRET)) return reply(response, 200, { access_token: TOKEN, token_type: 'bearer', expires_in: 3600 });
    const [id, secret] = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString().split(':');
    return reply(response, 401, { error: 'invalid_client', error_description: `client ${id} with secret ${secret} is unknown` });
  }
  if (route === 'GET /keyed') return request.headers['x-key'] === KEY ? reply(response, 200, { count: 1 }) : reply(response, 401, { message: `key ${request.headers['x-key']} refused` });
  if (route === 'GET /login') {
    const decoded = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString();
    return auth === basic(USER, PASSWORD) ? reply(response, 200, { count: 2 }) : reply(response, 401, { message: `${auth} (${decoded}) refused` });
  }
  if (route === 'GET /robot') return auth === `Bearer ${TOKEN}` ? reply(response, 200, { count: 3 }) : reply(response, 401, { message: `${auth} refused` });
  if (route === 'POST /notes') return reply(response, 201, { id: 7, text: 'stored' });
  if (route === 'POST /uploads') return reply(response, 201, { id: 8, text: 'stored' });
  if (route === 'PUT /notes/7' || route === 'DELETE /notes/7') return reply(response, 204);
  if (route === 'GET /things') return reply(response, 200, { count: 0 });
  reply(response, 404, { message: `no ${route}` });
}

/** scheme -> role ("the key", "the user name", ...) -> environment variable, from the README's Credentials table. */
function credentialVariables(readme: string): Map<string, Map<string, string>> {
  const table = new Map<string, Map<string, string>>();
  for (const row of readme.matchAll(/^\| `(\w+)` \| [^|]+ \| (.+) \|$/gm)) {
    table.set(row[1]!, new Map([...row[2]!.matchAll(/`(\w+)` \(([^)]+)\)/g)].map((m) => [m[2]!, m[1]!])));
  }
  return table;
}

function variable(scheme: string, role: string): string {
  const name = variables.get(scheme)?.get(role);
  if (!name) throw new Error(`the README's Credentials table names no variable for ${role} of ${scheme}: ${JSON.stringify([...variables])}`);
  return name;
}

function run(command: string, args: readonly string[], input: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(input);
  });
}

/** Runs the do-file through the stand-in with the package's URL and the given environment variables (none of the parent's RELAY_*). */
async function stata(dofile: string, env: Record<string, string> = {}): Promise<Batch> {
  const parent = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('RELAY_')));
  const result = await run(python, ['tests/stata/standin/stata_batch.py', join(scratch, 'stata'), join(scratch, 'python', 'src')], dofile, {
    ...parent,
    RELAY_API_URL: url,
    PYTHONDONTWRITEBYTECODE: '1',
    ...env,
  });
  const report = result.output.trim().split('\n').pop() ?? '';
  expect(result.code, result.output).toBe(0);
  return { ...(JSON.parse(report) as Omit<Batch, 'printed'>), printed: result.output };
}

function output(batch: Batch): string {
  return batch.steps.flatMap((s) => s.output).join('\n');
}

/** A call the server refused: access_denied's code and a message saying why, with no secret and no BigQuery advice (this API has none). */
function expectRefused(batch: Batch, command: string, said: RegExp, secrets: readonly string[]): void {
  expect(batch.steps.map((s) => [s.line, s.rc])).toEqual([[command, 7102]]);
  expect(output(batch)).toMatch(new RegExp(`^${command}: ${said.source}`, 'm'));
  expect(output(batch)).not.toMatch(/BigQuery|gcloud/);
  for (const secret of secrets) expect(batch.printed).not.toContain(secret);
}

beforeAll(async () => {
  const setup = await run('bash', ['scripts/setup-python.sh'], '', process.env);
  if (setup.code !== 0) throw new Error(`scripts/setup-python.sh failed:\n${setup.output}`);
  python = setup.output.trim().split('\n').pop()!;
  scratch = mkdtempSync(join(tmpdir(), 'bdgen-stata-requests-'));
  const { outputs } = await emitAll(await compileSpec(SPEC), { languages: ['python', 'stata'], outDir: scratch });
  writeOutputs(outputs.map((o) => o.plan));
  variables = credentialVariables(readFileSync(join(scratch, 'stata', 'README.md'), 'utf8'));
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = new URL(request.url ?? '/', 'http://127.0.0.1');
      const received = { method: request.method ?? '', path: at.pathname, query: at.searchParams, headers: request.headers, body: Buffer.concat(chunks) };
      seen.push(received);
      answer(received, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 600_000);

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  seen.length = 0;
});

describe('credentials from the environment variables the README names', () => {
  it('an API key in its header; a wrong one refused by the server is nowhere in the log', async () => {
    const good = await stata('relay_count_keyed\n', { [variable('key', 'the key')]: KEY });
    expect(good.rc, output(good)).toBe(0);
    expect(seen.map((s) => [s.method, s.path, s.headers['x-key']])).toEqual([['GET', '/keyed', KEY]]);

    seen.length = 0;
    const wrong = 'key-wrong-0d4c7a91e3';
    const refused = await stata('relay_count_keyed\n', { [variable('key', 'the key')]: wrong });
    expect(seen.map((s) => s.headers['x-key'])).toEqual([wrong]);
    expectRefused(refused, 'relay_count_keyed', /401\b/, [wrong]);
  }, 60_000);

  it('a user name and password as HTTP basic; a wrong password refused is nowhere in the log, plain or encoded', async () => {
    const env = { [variable('login', 'the user name')]: USER, [variable('login', 'the password')]: PASSWORD };
    const good = await stata('relay_count_login\n', env);
    expect(good.rc, output(good)).toBe(0);
    expect(seen.map((s) => [s.path, s.headers.authorization])).toEqual([['/login', basic(USER, PASSWORD)]]);

    seen.length = 0;
    const wrong = 'pw-wrong-9a61f3c2d7';
    const refused = await stata('relay_count_login\n', { ...env, [variable('login', 'the password')]: wrong });
    expect(seen.map((s) => s.headers.authorization)).toEqual([basic(USER, wrong)]);
    expectRefused(refused, 'relay_count_login', /401\b/, [wrong, basic(USER, wrong).slice('Basic '.length)]);
  }, 60_000);

  it('OAuth2 client credentials: the token fetched from the tokenUrl with the client, then sent; a refused client secret is nowhere in the log', async () => {
    const env = { [variable('robot', 'the client id')]: CLIENT_ID, [variable('robot', 'the client secret')]: CLIENT_SECRET };
    const good = await stata('relay_count_robot\n', env);
    expect(good.rc, output(good)).toBe(0);
    expect(seen.map((s) => [s.method, s.path, s.headers.authorization])).toEqual([
      ['POST', '/oauth/token', basic(CLIENT_ID, CLIENT_SECRET)],
      ['GET', '/robot', `Bearer ${TOKEN}`],
    ]);
    expect(Object.fromEntries(new URLSearchParams(seen[0]!.body.toString()))).toEqual({ grant_type: 'client_credentials', scope: 'read' });

    seen.length = 0;
    const wrong = 'cs-wrong-47b0e1f9c6';
    const refused = await stata('relay_count_robot\n', { ...env, [variable('robot', 'the client secret')]: wrong });
    expect(seen.map((s) => [s.path, s.headers.authorization])).toEqual([['/oauth/token', basic(CLIENT_ID, wrong)]]);
    expectRefused(refused, 'relay_count_robot', /.*refused the client \(401\b/, [wrong, basic(CLIENT_ID, wrong).slice('Basic '.length)]);
  }, 60_000);
});

describe('body() sends the body the spec declares', () => {
  it('JSON text as a JSON body', async () => {
    const batch = await stata('relay_create_note, body({"text": "olá, mundo", "tags": ["a", "b"]})\n');
    expect(batch.rc, output(batch)).toBe(0);
    expect(seen.map((s) => [s.method, s.path, s.headers['content-type']])).toEqual([['POST', '/notes', expect.stringMatching(/^application\/json\b/)]]);
    expect(JSON.parse(seen[0]!.body.toString('utf8'))).toEqual({ text: 'olá, mundo', tags: ['a', 'b'] });
  }, 60_000);

  it('a JSON object of fields as a form body', async () => {
    const batch = await stata('relay_rename_note, id(7) body({"text": "a & b = c"})\n');
    expect(batch.rc, output(batch)).toBe(0);
    expect(seen.map((s) => [s.method, s.path, s.headers['content-type']])).toEqual([['PUT', '/notes/7', expect.stringMatching(/^application\/x-www-form-urlencoded\b/)]]);
    expect(Object.fromEntries(new URLSearchParams(seen[0]!.body.toString('utf8')))).toEqual({ text: 'a & b = c' });
  }, 60_000);

  it('a multipart body whose file part holds the named file’s bytes under its name', async () => {
    const file = join(scratch, 'report.bin');
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    writeFileSync(file, bytes);
    const batch = await stata(`relay_upload_file, body({"title": "report", "file": "${file}"})\n`);
    expect(batch.rc, output(batch)).toBe(0);
    expect(seen.map((s) => [s.method, s.path])).toEqual([['POST', '/uploads']]);
    const form = await new Response(seen[0]!.body, { headers: { 'content-type': String(seen[0]!.headers['content-type']) } }).formData();
    expect(form.get('title')).toBe('report');
    const part = form.get('file');
    expect(part).toBeInstanceOf(File);
    expect((part as File).name).toBe('report.bin');
    expect(Buffer.from(await (part as File).arrayBuffer())).toEqual(bytes);
  }, 60_000);

  it('text that is not JSON is r(198) and an unreadable file r(601), and no request is sent', async () => {
    const badJson = await stata('relay_create_note, body({text: "no quotes"})\n');
    expect(badJson.steps.map((s) => s.rc)).toEqual([198]);
    expect(output(badJson)).toMatch(/option body\(\) takes the body as JSON text/);
    const missing = join(scratch, 'no-such-file.bin');
    const unreadable = await stata(`relay_upload_file, body({"title": "report", "file": "${missing}"})\n`);
    expect(unreadable.steps.map((s) => s.rc)).toEqual([601]);
    expect(output(unreadable)).toContain(`file ${missing} cannot be read`);
    expect(seen).toEqual([]);
  }, 60_000);
});

describe('flags and answers without a body', () => {
  it('no<name> sends false; without it the default true is sent', async () => {
    const batch = await stata('relay_list_things, noverbose\nrelay_list_things\n');
    expect(batch.steps.map((s) => s.rc), output(batch)).toEqual([0, 0]);
    expect(seen.map((s) => [s.path, s.query.getAll('verbose')])).toEqual([
      ['/things', ['false']],
      ['/things', ['true']],
    ]);
  }, 60_000);

  it('an operation answering 204 lands as none and shows (done)', async () => {
    const batch = await stata('relay_delete_note, id(7)\n');
    expect(batch.steps).toEqual([{ line: 'relay_delete_note, id(7)', rc: 0, output: ['(done)'] }]);
    expect(seen.map((s) => [s.method, s.path])).toEqual([['DELETE', '/notes/7']]);
  }, 60_000);
});
