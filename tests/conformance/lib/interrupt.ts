/**
 * An interrupt case: the runner downloads, and once a file exists in `{tmp}`
 * (the temporary file of a download in progress) the harness sends it SIGINT or
 * SIGTERM, as a user's Ctrl-C or a process manager would. The runner then ends
 * (its language's default for that signal, with the package's cleanup) or
 * answers `cancelled`. What it leaves in `{tmp}` is checked by the caller.
 */
import type { Case } from './cases.js';
import type { CaseTmp } from './case-tmp.js';
import type { RunnerProcess, RunnerReply } from './runner-process.js';

/** How long the runner has to stop once signalled, and to start writing before that. */
const STOP_MS = 20_000;
const START_MS = 60_000;
const POLL_MS = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Problems of one interrupt case; `runner` is a fresh process that already said hello, used for this case only. */
export async function interruptCase(runner: RunnerProcess, c: Case, message: object, tmp: CaseTmp): Promise<string[]> {
  // Set when the request settles, read while polling (through a function: TypeScript would narrow a variable away).
  const state: { reply?: RunnerReply | Error } = {};
  const settled = (): RunnerReply | Error | undefined => state.reply;
  const answered = runner.request(message, START_MS + STOP_MS).then(
    (r) => (state.reply = r),
    (e: Error) => (state.reply = e),
  );
  const deadline = Date.now() + START_MS;
  while (settled() === undefined && tmp.files().length === 0 && Date.now() < deadline) await sleep(POLL_MS);
  if (settled() !== undefined || tmp.files().length === 0) {
    await answered;
    const reply = settled();
    const what = reply instanceof Error ? `the runner ended (${reply.message.split('\n')[0]})` : `it answered ${JSON.stringify(reply).slice(0, 200)}`;
    return [`no file appeared in {tmp} before ${what}: the case never interrupted a download in progress`];
  }
  runner.signal(c.interrupt!);
  const stopped = await Promise.race([answered.then(() => true), sleep(STOP_MS).then(() => false)]);
  if (!stopped) {
    runner.signal('SIGKILL');
    await runner.whenExited();
    return [`the runner neither ended nor answered within ${STOP_MS / 1000} s of ${c.interrupt}`];
  }
  const reply = settled();
  if (reply instanceof Error || reply === undefined) return runner.hasExited ? [] : [`the runner failed: ${String(reply)}`];
  if (reply.type === 'result' && !reply.ok && reply.error.kind === 'cancelled') return [];
  return [`after ${c.interrupt} the runner must end or answer "cancelled"; it answered ${JSON.stringify(reply).slice(0, 300)}`];
}
