/** One runner process and the JSON-lines protocol of README.md. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { RunnerCommand } from '../../../generators/src/languages/target.js';

export type RunnerReply =
  /** `unavailable`: cases (an id or an id prefix) this runner cannot run on this machine, with the reason. */
  | { type: 'hello'; language: string; functions: string[]; unavailable?: Record<string, string> }
  | { type: 'result'; id: string; ok: true; result: unknown }
  /** `dump`: every rendering of the error the language offers (required when the case has `auth`). */
  | { type: 'result'; id: string; ok: false; error: { kind: string; message: string; dump?: string } };

export class RunnerProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly replies: RunnerReply[] = [];
  private waiting: ((reply: RunnerReply | Error) => void) | null = null;
  private exited: Error | null = null;
  private stderr = '';

  /** `env` values of null remove the variable from the runner's environment. */
  constructor(spec: RunnerCommand, cwd: string, env: Record<string, string | null>) {
    const merged: Record<string, string | undefined> = { ...process.env, ...spec.env };
    for (const [key, value] of Object.entries(env)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    this.child = spawn(spec.command, [...spec.args], { cwd, env: merged, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-20_000);
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (!line.trim().startsWith('{')) {
        this.stderr += `[stdout] ${line}\n`;
        return;
      }
      let reply: RunnerReply;
      try {
        reply = JSON.parse(line) as RunnerReply;
      } catch {
        this.stderr += `[stdout, not JSON] ${line}\n`;
        return;
      }
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        resolve(reply);
      } else {
        this.replies.push(reply);
      }
    });
    const fail = (error: Error) => {
      this.exited = error;
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        resolve(error);
      }
    };
    this.child.on('error', fail);
    this.child.on('exit', (code, signal) => fail(new Error(`runner exited (${signal ?? code})\n${this.stderr}`)));
  }

  /** Whether the process has ended. */
  get hasExited(): boolean {
    return this.exited !== null;
  }

  /** Sends the process a signal (an interrupt case). */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Resolves when the process has ended (at once if it has). */
  whenExited(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  /** The runner's stderr so far (last 20 kB). */
  get log(): string {
    return this.stderr;
  }

  async request(message: object, timeoutMs: number): Promise<RunnerReply> {
    if (this.exited) throw this.exited;
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
    const queued = this.replies.shift();
    if (queued) return queued;
    return new Promise<RunnerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(new Error(`no answer within ${timeoutMs} ms\n${this.stderr}`));
      }, timeoutMs);
      this.waiting = (reply) => {
        clearTimeout(timer);
        if (reply instanceof Error) reject(reply);
        else resolve(reply);
      };
    });
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.write(`${JSON.stringify({ type: 'bye' })}\n`);
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
