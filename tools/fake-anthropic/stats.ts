import { ALL_FAULT_KINDS, type FaultKind } from "./faults";

// Counters behind GET /__stats. Tests and benchmarks read them to check what
// the server actually did (how many 429s it sent of its own accord, how many
// faults it injected) instead of inferring it from the client side.

export interface DeltaTiming {
  /** Content block index of the delta. */
  block: number;
  /** Token index within the whole reply (0-based). */
  token: number;
  /** Characters in the delta's text or partial_json. */
  chars: number;
  /** Date.now() just before the event was written to the socket. */
  wall_ms: number;
  /** performance.timeOrigin + performance.now() at the same moment (sub-ms). */
  hr_ms: number;
}

export interface RecentRequest {
  request_id: string;
  message_id: string;
  started_wall_ms: number;
  started_hr_ms: number;
  ttft_ms: number;
  tps: number;
  deltas: DeltaTiming[];
  /** "complete", "client_closed", or the fault that cut the stream. */
  outcome: string | null;
}

export interface FakeStats {
  started_at: string;
  uptime_ms: number;
  /** HTTP requests of any kind except the /__ control endpoints. */
  requests: number;
  /** POST /v1/messages requests. */
  messages: number;
  /** Responses by HTTP status (injected and own-limit 429s alike). */
  by_status: Record<string, number>;
  /** Replies delivered as SSE streams (begun; see faults for cut ones). */
  streamed: number;
  /** Replies containing a tool_use block. */
  tool_use: number;
  /** 429s from the server's own requests-per-minute limit (never injected ones). */
  rate_limited: number;
  /** Injected faults by kind. */
  faults: Record<FaultKind, number>;
  faults_total: number;
  /** Requests being handled now, hanging ones included. */
  in_flight: number;
  /** Token totals over successful replies. */
  tokens: { input: number; output: number };
  /** Per-delta write times for requests sent with x-fake-timestamps: 1 (newest last). */
  recent: RecentRequest[];
}

function zeroFaults(): Record<FaultKind, number> {
  return Object.fromEntries(ALL_FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
}

export class StatsRecorder {
  private startedAt = Date.now();
  requests = 0;
  messages = 0;
  byStatus: Record<string, number> = {};
  streamed = 0;
  toolUse = 0;
  rateLimited = 0;
  faults = zeroFaults();
  inFlight = 0;
  inputTokens = 0;
  outputTokens = 0;
  recent: RecentRequest[] = [];

  constructor(private readonly recentLimit: number) {}

  status(code: number): void {
    this.byStatus[String(code)] = (this.byStatus[String(code)] ?? 0) + 1;
  }

  fault(kind: FaultKind): void {
    this.faults[kind]++;
  }

  track(entry: RecentRequest): RecentRequest {
    this.recent.push(entry);
    if (this.recent.length > this.recentLimit) this.recent.splice(0, this.recent.length - this.recentLimit);
    return entry;
  }

  /** Zeroes the counters; in_flight is live state and stays truthful. */
  reset(): void {
    this.startedAt = Date.now();
    this.requests = 0;
    this.messages = 0;
    this.byStatus = {};
    this.streamed = 0;
    this.toolUse = 0;
    this.rateLimited = 0;
    this.faults = zeroFaults();
    this.inputTokens = 0;
    this.outputTokens = 0;
    this.recent = [];
  }

  snapshot(): FakeStats {
    const faultsTotal = Object.values(this.faults).reduce((a, b) => a + b, 0);
    return structuredClone({
      started_at: new Date(this.startedAt).toISOString(),
      uptime_ms: Date.now() - this.startedAt,
      requests: this.requests,
      messages: this.messages,
      by_status: this.byStatus,
      streamed: this.streamed,
      tool_use: this.toolUse,
      rate_limited: this.rateLimited,
      faults: this.faults,
      faults_total: faultsTotal,
      in_flight: this.inFlight,
      tokens: { input: this.inputTokens, output: this.outputTokens },
      recent: this.recent,
    });
  }
}
