// The report of bench/storage-read.mjs: per-contender figures, the ratios with their goals, and the markdown table.
import { median } from '../stats.mjs';

const int = (n) => Math.round(n).toLocaleString('en-US');
const mib = (kib) => (kib / 1024).toFixed(0);
const x = (ratio) => `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}x`;

/** Median and best rows/s, peak RSS and the first run's requests of one contender's successful runs. */
function summarise(sample) {
  const good = sample.runs.filter((r) => !r.error);
  if (good.length === 0) return { failed: sample.runs[0]?.error ?? 'not run' };
  const ms = good.map((r) => r.ms);
  return {
    ms: median(ms),
    speed: sample.rows / (median(ms) / 1000),
    best: sample.rows / (Math.min(...ms) / 1000),
    rss: median(good.map((r) => r.rssKiB)),
    rssMax: Math.max(...good.map((r) => r.rssKiB)),
    imported: good[0].importedKiB,
    requests: `${good[0].rest} REST, ${good[0].storage} gRPC`,
    ok: good.every((r) => r.ok),
    failures: sample.runs.length - good.length,
    bytes: good[0].bytes,
    extra: good[0].extra,
  };
}

/** Prints everything; returns true when some read returned wrong rows. */
export function printReport({ samples, ratios, rows, prefetchRows, page, runs, command, cores, load, storageEndpoint, baseline, current, seconds }) {
  const summary = Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, summarise(s)]));
  const out = (line = '') => console.log(line);
  out(`bench/storage-read: SELECT * FROM \`basedosdados.br_bd_sintetico.linhas_<n>\` (6 columns) against one local datalake (REST pages of ${int(page)} rows; Storage Read API on ${storageEndpoint}) in the driver process; every read in a child process of its own; ${runs} alternating runs per contender`);
  for (const note of [baseline.note, current.note].filter(Boolean)) out(`NOTE: ${note}`);
  out(`today = the packages of commit ${baseline.commit} (git worktree /tmp/bdgen-baseline); current = this tree at ${current.commit} plus uncommitted work, if any`);

  let section;
  for (const [name, s] of Object.entries(samples)) {
    if (s.section !== section) {
      section = s.section;
      out('');
      out(section);
      out(`  ${'contender'.padEnd(56)} ${'median'.padStart(9)} ${'rows/s'.padStart(10)} ${'(best)'.padStart(10)} ${'peak RSS'.padStart(9)} ${'(max)'.padStart(6)} ${'imported'.padStart(9)}  requests (one read)      check`);
    }
    const m = summary[name];
    if (m.failed) {
      out(`  ${name.padEnd(56)} FAILED: ${m.failed.slice(0, 400)}`);
      continue;
    }
    out(`  ${name.padEnd(56)} ${`${int(m.ms)} ms`.padStart(9)} ${int(m.speed).padStart(10)} ${int(m.best).padStart(10)} ${`${mib(m.rss)} MiB`.padStart(9)} ${mib(m.rssMax).padStart(6)} ${(m.imported ? `${mib(m.imported)} MiB` : '').padStart(9)}  ${m.requests.padEnd(24)} ` +
      `${m.ok ? 'ok' : 'WRONG ROWS'}${m.failures ? ` (${m.failures} failed runs)` : ''}${m.bytes ? `, file ${(m.bytes / 2 ** 20).toFixed(1)} MiB` : ''}`);
  }

  const shown = {};
  out('');
  out('ratios (rows/s over rows/s, medians; goal from issue 20):');
  for (const [label, num, den, goal, check, at] of ratios) {
    const a = summary[num];
    const b = summary[den];
    if (!a || !b) continue;
    if (a.failed || b.failed) {
      out(`  ${label.padEnd(48)} n/a (${a.failed ? num : den} failed)`);
      continue;
    }
    const ratio = a.speed / b.speed;
    const verdict = check ? ` (goal ${goal}: ${check(ratio) ? 'met' : 'NOT met'})` : '';
    out(`  ${label.padEnd(48)} ${x(ratio)}${verdict}`);
    (shown[at === 'den' ? den : num] ??= []).push(`${label} ${x(ratio)}${goal ? ` (goal ${goal}${check(ratio) ? '' : ', not met'})` : ''}`);
  }
  const py = summary['Python ceiling: same IPC bytes -> pyarrow -> DataFrame']?.extra;
  const tsCeiling = summary['TS ceiling: same Arrow bytes decoded from memory']?.extra;
  if (tsCeiling?.wireBytes) out(`  (TS ceiling input: ${tsCeiling.streams} streams, ${tsCeiling.messages} ReadRows messages, ${(tsCeiling.wireBytes / 2 ** 20).toFixed(1)} MiB of Arrow IPC; fetching them took ${int(tsCeiling.fetchMs)} ms, untimed: ${int(rows / (tsCeiling.fetchMs / 1000))} rows/s for server + gRPC with no decoding, the floor under any Storage read here)`);
  if (py?.wire_bytes) out(`  (Python ceiling input: ${py.streams} streams, ${py.messages} messages, ${(py.wire_bytes / 2 ** 20).toFixed(1)} MiB; fetch ${int(py.fetch_ms)} ms, untimed: ${int(rows / (py.fetch_ms / 1000))} rows/s for server + gRPC with no decoding)`);
  const downloads = Object.entries(summary).filter(([name, m]) => / download -> /.test(name) && !m.failed);
  if (downloads.length) out(`  peak RSS of the download children: ${downloads.map(([name, m]) => `${name} ${mib(m.rssMax)} MiB (goal < 250 MiB: ${m.rssMax / 1024 < 250 ? 'met' : 'NOT met'})`).join('; ')}`);

  out('');
  out('| contender | rows | rows/s (median) | rows/s (best) | peak RSS MiB (median) | ratio vs its reference |');
  out('|---|---:|---:|---:|---:|---|');
  for (const [name, s] of Object.entries(samples)) {
    const m = summary[name];
    const cells = m.failed ? ['FAILED', '', '', ''] : [int(m.speed), int(m.best), mib(m.rss), (shown[name] ?? []).join('; ')];
    out(`| ${name.trim()}${m.ok === false ? ' (WRONG ROWS)' : ''} | ${int(s.rows)} | ${cells.join(' | ')} |`);
  }
  out('');
  out(`machine: ${cores} cores; load average (1, 5, 15 min) at start ${load[0].map((l) => l.toFixed(2)).join(' ')}, at end ${load[1].map((l) => l.toFixed(2)).join(' ')}`);
  out('(peak RSS: VmHWM of the child; imported: its peak after importing the package, before the read; requests: what the datalake served for one read, REST requests and Storage gRPC calls)');
  out('pandas-gbq and PyPI basedosdados: google.cloud.bigquery_storage.BigQueryReadClient patched to a subclass on grpc.insecure_channel(<datalake gRPC endpoint>) in their child (pandas-gbq builds the client itself, for Google); REST aimed by BIGQUERY_EMULATOR_HOST');
  out(`command: ${command}   (${int(seconds)} s; rows ${int(rows)}, prefetch rows ${int(prefetchRows)})`);
  return Object.values(summary).some((m) => m.ok === false);
}
