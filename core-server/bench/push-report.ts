/** push bench: the per-round figures of one setup, and their summary (JSON and table rows). */
import { quantile, round } from './support';

export const GOAL_RSS_MB = 1024;

export interface RoundResult {
  round: number;
  warmup: boolean;
  /** Latency per client index, ms after t0 (NaN: not received). Not clamped. */
  latency: Float64Array;
  /** Until the client had the hides of every file of the person (web). */
  allLatency: Float64Array;
  /** The chosen hide, but from the moment the withdraw request was sent. */
  fromRequest: Float64Array;
  apiMs: number;
  /** Position of the chosen hide among the events the withdrawal produced (0 = first). */
  chosenPosition: number;
  serverCpuMs: number;
  clientCpuMs: number;
  problems: string[];
  disconnected: number;
}

export interface PartSummary {
  label: string;
  db: 'sqlite' | 'postgresql';
  nodes: number;
  clients: number;
  rounds: RoundResult[];
  rssIdleMb: number[];
  rssMb: number[];
  connectMs: number;
  /** Withdraw round trip with no client connected (median). */
  apiNoClientsMs: number;
  /** The last withdrawal's 'statuses' frame as a client received it (the baseline sends the same bytes). */
  sampleFrame: string | null;
}

interface Stats {
  received: number;
  expected: number;
  nonPositive: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function stats(series: Float64Array[], pick: (i: number) => boolean = () => true): Stats {
  const values: number[] = [];
  let expected = 0;
  let nonPositive = 0;
  for (const s of series) {
    s.forEach((v, i) => {
      if (!pick(i)) return;
      expected++;
      if (Number.isNaN(v)) return;
      if (v <= 0) nonPositive++;
      values.push(Math.max(0, v));
    });
  }
  const sorted = Float64Array.from(values).sort();
  return {
    received: values.length,
    expected,
    nonPositive,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}

export const fmt = (ms: number) => (Number.isNaN(ms) ? '–' : ms.toFixed(1));
export const median = (xs: number[]) => quantile(Float64Array.from(xs).sort(), 0.5);

export function summarize(part: PartSummary, goalMs: number, nodeNames: string[]) {
  const measured = part.rounds.filter((r) => !r.warmup);
  const all = stats(measured.map((r) => r.latency));
  const allFiles = stats(measured.map((r) => r.allLatency));
  const fromRequest = stats(measured.map((r) => r.fromRequest));
  const perNode = nodeNames.map((_, k) => stats(measured.map((r) => r.latency), (i) => i % part.nodes === k));
  const json = {
    db: part.db,
    nodes: part.nodes,
    rounds: measured.length,
    // From sending the request: a hide that outruns the HTTP response still counts in full.
    p50_ms: round(fromRequest.p50),
    p99_ms: round(fromRequest.p99),
    max_ms: round(fromRequest.max),
    from_response_p50_ms: round(all.p50),
    from_response_p95_ms: round(all.p95),
    from_response_p99_ms: round(all.p99),
    received: all.received,
    expected: all.expected,
    lost: all.expected - all.received,
    non_positive: all.nonPositive,
    all_files_p99_ms: round(allFiles.p99),
    withdraw_api_ms_p50: round(median(measured.map((r) => r.apiMs))),
    withdraw_api_ms_no_clients: round(part.apiNoClientsMs),
    chosen_event_position: median(measured.map((r) => r.chosenPosition)),
    server_cpu_ms_per_round: round(median(measured.map((r) => r.serverCpuMs)), 0),
    client_cpu_ms_per_round: round(median(measured.map((r) => r.clientCpuMs)), 0),
    rss_mb: round(Math.max(...part.rssMb), 1),
    rss_mb_per_node: part.rssMb.map((x) => round(x, 1)),
    rss_idle_mb_per_node: part.rssIdleMb.map((x) => round(x, 1)),
    goal_p99_ms: goalMs,
    goal_met: all.received === all.expected && fromRequest.p99 <= goalMs && Math.max(...part.rssMb) <= GOAL_RSS_MB,
    ...(part.nodes > 1 ? { per_node: Object.fromEntries(nodeNames.map((n, k) => [n, { p50_ms: round(perNode[k]!.p50), p99_ms: round(perNode[k]!.p99), max_ms: round(perNode[k]!.max) }])) } : {}),
  };
  const rows: (string | number)[][] = [
    [
      part.label,
      part.clients,
      `${all.received}/${all.expected}`,
      fmt(all.p50),
      fmt(all.p95),
      fmt(all.p99),
      fmt(all.max),
      all.nonPositive,
      fmt(allFiles.p99),
      fmt(fromRequest.p99),
      fmt(json.withdraw_api_ms_p50),
      part.rssMb.map((x) => x.toFixed(0)).join(' + '),
    ],
  ];
  if (part.nodes > 1) {
    nodeNames.forEach((name, k) => {
      const s = perNode[k]!;
      const on = (i: number) => i % part.nodes === k;
      const pa = stats(measured.map((r) => r.allLatency), on);
      const pr = stats(measured.map((r) => r.fromRequest), on);
      rows.push([`  clients on ${name}`, Math.ceil((part.clients - k) / part.nodes), `${s.received}/${s.expected}`, fmt(s.p50), fmt(s.p95), fmt(s.p99), fmt(s.max), s.nonPositive, fmt(pa.p99), fmt(pr.p99), '', '']);
    });
  }
  return { json, rows, all: fromRequest };
}

