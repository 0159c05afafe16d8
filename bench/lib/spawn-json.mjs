// Runs one measured child process of a benchmark and parses the one JSON line it prints last.
import { spawn } from 'node:child_process';

const running = new Set();

/** Resolves with the child's last stdout line as JSON; rejects with its stderr tail when it fails or outlives `timeoutMs`. */
export function spawnJson(command, args, { env = process.env, timeoutMs = 300_000, label = command } = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(proc);
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk) => (stdout += chunk));
    proc.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(proc);
      if (code !== 0) return reject(new Error(`${label} exited ${code ?? signal}${signal === 'SIGKILL' ? ` (killed after ${timeoutMs} ms)` : ''}\n${stderr.slice(-3000)}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop()));
      } catch {
        reject(new Error(`${label} printed no JSON line:\n${stdout.slice(-1000)}\n${stderr.slice(-2000)}`));
      }
    });
  });
}

/** Kills (by PID) every child this module started that is still running. */
export function killChildren() {
  for (const proc of running) proc.kill('SIGKILL');
}
