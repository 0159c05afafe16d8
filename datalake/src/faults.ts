// Fault injection, set per server from JS (`datalake.faults`) or over HTTP
// (`/__datalake/faults`), so runners in any language can make the server fail.
// Decisions depend only on the seed, the rule and how many matching requests the
// rule has seen: the same requests in the same order fail the same way.

/** `all` is metadata + bigquery; `storage` (the gRPC Storage Read API) is matched only by rules of scope `storage`. */
export type FaultScope = 'metadata' | 'bigquery' | 'storage' | 'all';

export interface FaultRule {
  /** Which routes the rule sees (default `all`). */
  scope?: FaultScope;
  /** Only requests whose path contains this text (scope storage: the table of CreateReadSession, the stream of ReadRows). */
  path?: string;
  /** Only requests with this method (for scope `storage`: the RPC name, CreateReadSession or ReadRows). */
  method?: string;
  /** Fire on these matching requests (1-based, counted per rule since it was set). */
  nth?: number[];
  /** Fire on this seeded fraction of matching requests (0..1). */
  fraction?: number;
  /** Fire at most this many times. */
  times?: number;
  /** Answer this status (500, 503, 429, ...); a list picks one per firing, seeded. Storage RPCs answer its gRPC code. */
  status?: number | number[];
  /** Seconds sent in Retry-After with 429 and 503 (default 0). */
  retryAfter?: number;
  /** Wait this long before answering (alone: a slow but correct answer). */
  delayMs?: number;
  /** Send the headers and half the body, then destroy the socket. */
  cut?: boolean;
  /**
   * Answer a redirect instead: to the same URL on this server (`same`), or on a
   * second loopback listener, another origin that answers anything with 200 and
   * counts what reaches it (`foreign`).
   */
  redirect?: { status: RedirectStatus; to: 'same' | 'foreign' };
  /** With `status`: the error body quotes every request header (and cookie) back. */
  echo?: boolean;
  /** A `Set-Cookie` value sent with the answer (`name=value`), to see whether a client sends it back. */
  setCookie?: string;
  /** Scope `storage`, ReadRows: send exactly this many rows, then fail with UNAVAILABLE "stream cut". */
  cutAfterRows?: number;
  /** Scope `storage`: the call's read session expires at once. */
  expireSession?: boolean;
}

export type RedirectStatus = 301 | 302 | 303 | 307 | 308;
const REDIRECT_STATUSES: readonly number[] = [301, 302, 303, 307, 308];

export interface FaultConfig {
  /** Seed of the fraction and status choices (default: the server's seed). */
  seed?: number;
  rules?: FaultRule[];
  /** The first N status reads of every new job (jobs.query, getQueryResults, jobs.get) say jobComplete:false. */
  incompletePolls?: number;
}

export interface FaultDecision {
  delayMs: number;
  status?: number;
  retryAfter?: number;
  cut: boolean;
  redirect?: { status: RedirectStatus; to: 'same' | 'foreign' };
  echo: boolean;
  setCookie?: string;
  cutAfterRows?: number;
  expireSession?: boolean;
}

export interface FaultStats {
  injected: number;
  byStatus: Record<string, number>;
  cut: number;
  delayed: number;
  redirected: number;
  /** Every header value an `echo` answer quoted back since the last reset (proof of what clients sent). */
  echoed: string[];
}

/** A hash of (seed, rule, count) to [0, 1): splitmix32-style mixing. */
function unitHash(seed: number, a: number, b: number): number {
  let h = (seed ^ Math.imul(a + 1, 0x85ebca6b) ^ Math.imul(b + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h / 4294967296;
}

export class FaultError extends Error {}

function validateRule(rule: FaultRule, i: number): void {
  const where = `rules[${i}]`;
  if (rule.scope !== undefined && !['metadata', 'bigquery', 'storage', 'all'].includes(rule.scope)) throw new FaultError(`${where}.scope must be metadata, bigquery, storage or all`);
  if (rule.fraction !== undefined && !(typeof rule.fraction === 'number' && rule.fraction >= 0 && rule.fraction <= 1)) throw new FaultError(`${where}.fraction must be a number in [0, 1]`);
  if (rule.nth !== undefined && !(Array.isArray(rule.nth) && rule.nth.every((n) => Number.isInteger(n) && n >= 1))) throw new FaultError(`${where}.nth must be a list of integers >= 1`);
  const statuses = rule.status === undefined ? [] : Array.isArray(rule.status) ? rule.status : [rule.status];
  if (statuses.some((s) => !Number.isInteger(s) || s < 400 || s > 599)) throw new FaultError(`${where}.status must be 4xx/5xx`);
  if (Array.isArray(rule.status) && statuses.length === 0) throw new FaultError(`${where}.status must not be empty`);
  for (const k of ['retryAfter', 'delayMs', 'times'] as const) {
    const v = rule[k];
    if (v !== undefined && !(typeof v === 'number' && v >= 0)) throw new FaultError(`${where}.${k} must be a number >= 0`);
  }
  if (rule.redirect !== undefined) {
    const r = rule.redirect as unknown;
    if (typeof r !== 'object' || r === null) throw new FaultError(`${where}.redirect must be {status, to}`);
    const { status, to } = r as Record<string, unknown>;
    if (!REDIRECT_STATUSES.includes(status as number)) throw new FaultError(`${where}.redirect.status must be one of ${REDIRECT_STATUSES.join(', ')}`);
    if (to !== 'same' && to !== 'foreign') throw new FaultError(`${where}.redirect.to must be same or foreign`);
    if (rule.status !== undefined || rule.cut) throw new FaultError(`${where}.redirect cannot be combined with status or cut`);
  }
  if (rule.echo !== undefined && typeof rule.echo !== 'boolean') throw new FaultError(`${where}.echo must be a boolean`);
  if (rule.echo && rule.status === undefined) throw new FaultError(`${where}.echo needs a status`);
  if (rule.setCookie !== undefined && !(typeof rule.setCookie === 'string' && /^[A-Za-z0-9_.-]+=[A-Za-z0-9_.~+/=-]*$/.test(rule.setCookie))) {
    throw new FaultError(`${where}.setCookie must be name=value (letters, digits and _.-~+/= only)`);
  }
  if (rule.setCookie !== undefined && rule.status === undefined && rule.redirect === undefined) throw new FaultError(`${where}.setCookie needs a status or a redirect`);
  validateStorageRule(rule, where);
  if (rule.status === undefined && !rule.cut && rule.delayMs === undefined && rule.redirect === undefined && rule.cutAfterRows === undefined && !rule.expireSession) {
    throw new FaultError(`${where} needs status, cut or delayMs (or a redirect; for scope storage: cutAfterRows or expireSession)`);
  }
}

/** Storage rules take the gRPC faults and none of the HTTP-only ones; the gRPC faults need scope storage. */
function validateStorageRule(rule: FaultRule, where: string): void {
  if (rule.cutAfterRows !== undefined && !(Number.isInteger(rule.cutAfterRows) && rule.cutAfterRows >= 0)) throw new FaultError(`${where}.cutAfterRows must be an integer >= 0`);
  if (rule.expireSession !== undefined && typeof rule.expireSession !== 'boolean') throw new FaultError(`${where}.expireSession must be a boolean`);
  if (rule.scope === 'storage') {
    for (const k of ['cut', 'redirect', 'echo', 'setCookie', 'retryAfter'] as const) {
      if (rule[k] !== undefined) throw new FaultError(`${where}.${k} does not apply to scope storage`);
    }
    if (rule.cutAfterRows !== undefined && rule.method !== undefined && rule.method !== 'ReadRows') throw new FaultError(`${where}.cutAfterRows applies to method ReadRows only`);
  } else if (rule.cutAfterRows !== undefined || rule.expireSession !== undefined) {
    throw new FaultError(`${where}.cutAfterRows and expireSession need scope storage`);
  }
}

export class FaultController {
  private rules: FaultRule[] = [];
  private counts: number[] = [];
  private fired: number[] = [];
  private seed: number;
  private polls = 0;
  private readonly counters: FaultStats = { injected: 0, byStatus: {}, cut: 0, delayed: 0, redirected: 0, echoed: [] };

  constructor(private readonly defaultSeed: number) {
    this.seed = defaultSeed;
  }

  /** Replaces the whole configuration (rules, seed, incompletePolls). */
  set(config: FaultConfig): void {
    if (config.rules !== undefined && !Array.isArray(config.rules)) throw new FaultError('rules must be a list');
    (config.rules ?? []).forEach(validateRule);
    if (config.incompletePolls !== undefined && !(Number.isInteger(config.incompletePolls) && config.incompletePolls >= 0)) {
      throw new FaultError('incompletePolls must be an integer >= 0');
    }
    if (config.seed !== undefined && !Number.isInteger(config.seed)) throw new FaultError('seed must be an integer');
    this.rules = (config.rules ?? []).map((r) => ({ ...r }));
    this.counts = this.rules.map(() => 0);
    this.fired = this.rules.map(() => 0);
    this.seed = config.seed ?? this.defaultSeed;
    this.polls = config.incompletePolls ?? 0;
  }

  /** Adds one rule to the current ones. */
  add(rule: FaultRule): void {
    validateRule(rule, this.rules.length);
    this.rules.push({ ...rule });
    this.counts.push(0);
    this.fired.push(0);
  }

  /** No faults, no incomplete polls. */
  clear(): void {
    this.set({});
  }

  get config(): FaultConfig {
    return { seed: this.seed, rules: this.rules.map((r) => ({ ...r })), incompletePolls: this.polls };
  }

  get incompletePolls(): number {
    return this.polls;
  }

  get stats(): FaultStats {
    return { ...this.counters, byStatus: { ...this.counters.byStatus }, echoed: [...this.counters.echoed] };
  }

  /** Notes the header values an `echo` answer quoted back. */
  recordEcho(values: readonly string[]): void {
    this.counters.echoed.push(...values);
  }

  resetStats(): void {
    this.counters.injected = 0;
    this.counters.byStatus = {};
    this.counters.cut = 0;
    this.counters.delayed = 0;
    this.counters.redirected = 0;
    this.counters.echoed = [];
  }

  /** What to do with one request; counts it against every matching rule. */
  decide(scope: Exclude<FaultScope, 'all'>, method: string, path: string): FaultDecision {
    const decision: FaultDecision = { delayMs: 0, cut: false, echo: false };
    let decided = false;
    this.rules.forEach((rule, i) => {
      if (scope === 'storage' ? rule.scope !== 'storage' : rule.scope && rule.scope !== 'all' && rule.scope !== scope) return;
      if (rule.path !== undefined && !path.includes(rule.path)) return;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return;
      if (rule.cutAfterRows !== undefined && method !== 'ReadRows') return; // only a stream of rows can be cut
      const n = ++this.counts[i]!;
      if (rule.times !== undefined && this.fired[i]! >= rule.times) return;
      let fire: boolean;
      if (rule.nth) fire = rule.nth.includes(n);
      else if (rule.fraction !== undefined) fire = unitHash(this.seed, i, n) < rule.fraction;
      else fire = true;
      if (!fire) return;
      const isFailure = rule.status !== undefined || rule.cut === true || rule.redirect !== undefined || rule.cutAfterRows !== undefined || rule.expireSession === true;
      if (isFailure && decided) return; // the first failing rule wins; delays add up
      this.fired[i]!++;
      if (rule.delayMs) {
        decision.delayMs += rule.delayMs;
        this.counters.delayed++;
      }
      if (!isFailure) return;
      decided = true;
      if (rule.setCookie !== undefined) decision.setCookie = rule.setCookie;
      if (rule.redirect) {
        decision.redirect = { ...rule.redirect };
        this.counters.redirected++;
      }
      if (rule.echo) decision.echo = true;
      if (rule.cutAfterRows !== undefined) decision.cutAfterRows = rule.cutAfterRows;
      if (rule.expireSession) decision.expireSession = true;
      if (rule.cut) {
        decision.cut = true;
        this.counters.cut++;
      }
      if (rule.status !== undefined) {
        const statuses = Array.isArray(rule.status) ? rule.status : [rule.status];
        const status = statuses[Math.floor(unitHash(this.seed ^ 0x5bd1e995, i, n) * statuses.length)]!;
        decision.status = status;
        decision.retryAfter = rule.retryAfter ?? 0;
        this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1;
      }
      this.counters.injected++;
    });
    return decision;
  }
}
