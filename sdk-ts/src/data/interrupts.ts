/**
 * SIGINT and SIGTERM while downloads run (docs/architecture.md, "Downloads
 * never lose or half-write a file").
 *
 * Node ends a process at once on SIGINT or SIGTERM when nobody listens, so a
 * download's temporary file would stay behind. While at least one download
 * runs, the SDK listens to both (and to `exit`), with one listener per event
 * for all downloads:
 * - when the SDK's listener is the only one, it removes every temporary file
 *   synchronously, stops listening and raises the same signal again, so the
 *   process ends exactly as it would have;
 * - when the application listens too, the decision is the application's: the
 *   downloads are cancelled (the `cancelled` kind), clean up, and the process
 *   goes on.
 * The listeners are removed when the last download ends.
 */
import { rmSync } from 'node:fs';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** One running download: the temporary files it may have created, and how to cancel it. */
interface RunningDownload {
  readonly temporaryFiles: Set<string>;
  readonly controller: AbortController;
}

const running = new Set<RunningDownload>();

function removeTemporaryFiles(): void {
  for (const download of running) {
    for (const file of download.temporaryFiles) {
      try {
        rmSync(file, { force: true });
      } catch {
        // Best effort: the process is ending.
      }
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) {
    const reason = new DOMException(`interrupted by ${signal}`, 'AbortError');
    for (const download of running) download.controller.abort(reason);
    return;
  }
  removeTemporaryFiles();
  running.clear();
  stopListening();
  process.kill(process.pid, signal);
}

function startListening(): void {
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', removeTemporaryFiles);
}

function stopListening(): void {
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', removeTemporaryFiles);
}

/**
 * Runs one download with the interrupt rules above. `run` gets the signal to
 * use (the caller's, also fired by an interrupt the application handles) and
 * the set where it records each temporary file before creating it.
 */
export async function interruptible<T>(
  signal: AbortSignal | undefined,
  run: (signal: AbortSignal, temporaryFiles: Set<string>) => Promise<T>,
): Promise<T> {
  const download: RunningDownload = { temporaryFiles: new Set(), controller: new AbortController() };
  if (running.size === 0) startListening();
  running.add(download);
  try {
    return await run(signal ? AbortSignal.any([signal, download.controller.signal]) : download.controller.signal, download.temporaryFiles);
  } finally {
    running.delete(download);
    if (running.size === 0) stopListening();
  }
}
