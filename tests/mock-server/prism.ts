/**
 * Prism (`@stoplight/prism-cli`) serving a spec on loopback. It validates every
 * request: one without its credentials is answered 401, one the spec does not
 * allow 400/422, and each names its violations in `sl-violations`. Without
 * `--errors`, which would also turn Prism's own mock answers that break the
 * spec's schema (deep recursive schemas, `format: url`) into 500s and leave the
 * client nothing to parse; request violations are refused and named either way.
 * One process per spec; stop() ends it and waits for its exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The CLI's own script, run by this Node, so the process we stop is Prism itself (no shell or wrapper between). */
function prismScript(): string {
  const pkg = require.resolve('@stoplight/prism-cli/package.json');
  const bin = (require(pkg) as { bin: string | Record<string, string> }).bin;
  return join(dirname(pkg), typeof bin === 'string' ? bin : bin.prism!);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningPrism {
  readonly url: string;
  /** Everything Prism printed, for a failure's message. */
  readonly log: () => string;
  readonly stop: () => Promise<void>;
}

export async function startPrism(specFile: string): Promise<RunningPrism> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [prismScript(), 'mock', specFile, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('Prism is listening')) resolve();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`prism exited (${code}) before listening:\n${output.slice(-2000)}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, log: () => output, stop };
}
