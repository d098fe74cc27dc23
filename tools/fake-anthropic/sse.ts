import type { ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { faultError, GARBAGE_SSE, type FaultKind, type FaultPlan } from "./faults";
import {
  contentBlockDeltaEvent,
  contentBlockStartEvent,
  contentBlockStopEvent,
  errorJson,
  messageDeltaEvent,
  messageStartEvent,
  messageStopEvent,
  pingEvent,
} from "./message-shape";
import type { PlannedReply } from "./reply-plan";
import type { DeltaTiming } from "./stats";

// Streams a planned reply as Server-Sent Events on a timetable: the first
// token after ttftMs, then one token every 1000/tps ms, one event per token so
// the event boundaries are as deterministic as the text.

export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

interface Frame {
  /** Milliseconds after the stream starts. */
  at: number;
  text: string;
  /** Set on delta frames: which token this is. */
  token?: { block: number; index: number; chars: number };
  /** The closing frame, before which a late fault still strikes. */
  final?: boolean;
}

export function tokenTimeMs(index: number, ttftMs: number, tps: number): number {
  return ttftMs + (index * 1000) / tps;
}

/** How long the whole reply takes at this pace: non-streaming replies wait this long. */
export function replyDurationMs(reply: PlannedReply, ttftMs: number, tps: number): number {
  return reply.outputTokens > 0 ? tokenTimeMs(reply.outputTokens - 1, ttftMs, tps) : ttftMs;
}

export function buildFrames(reply: PlannedReply, ttftMs: number, tps: number): Frame[] {
  const frames: Frame[] = [];
  let head = sseFrame("message_start", messageStartEvent(reply));
  if (reply.blocks[0]) head += sseFrame("content_block_start", contentBlockStartEvent(reply.blocks[0], 0));
  head += sseFrame("ping", pingEvent);
  frames.push({ at: 0, text: head });

  let g = 0;
  let lastAt = ttftMs;
  reply.blocks.forEach((block, b) => {
    const firstAt = block.tokens.length > 0 ? tokenTimeMs(g, ttftMs, tps) : lastAt;
    let opening = b > 0 ? sseFrame("content_block_start", contentBlockStartEvent(block, b)) : "";
    // The real API opens every tool_use input with an empty partial_json.
    if (block.type === "tool_use") opening += sseFrame("content_block_delta", contentBlockDeltaEvent(block, b, ""));
    if (opening) frames.push({ at: b > 0 ? firstAt : 0, text: opening });
    for (const piece of block.tokens) {
      lastAt = tokenTimeMs(g, ttftMs, tps);
      frames.push({
        at: lastAt,
        text: sseFrame("content_block_delta", contentBlockDeltaEvent(block, b, piece)),
        token: { block: b, index: g, chars: piece.length },
      });
      g++;
    }
    frames.push({ at: lastAt, text: sseFrame("content_block_stop", contentBlockStopEvent(b)) });
  });
  frames.push({
    at: Math.max(lastAt, reply.outputTokens > 0 ? 0 : ttftMs),
    text: sseFrame("message_delta", messageDeltaEvent(reply)) + sseFrame("message_stop", messageStopEvent),
    final: true,
  });
  return frames;
}

export type StreamOutcome = "complete" | "client_closed" | FaultKind;

export interface StreamRun {
  res: ServerResponse;
  reply: PlannedReply;
  ttftMs: number;
  tps: number;
  requestId: string;
  /** A fault with afterTokens set, to strike mid-stream. */
  fault: FaultPlan | null;
  onDelta?: ((timing: DeltaTiming) => void) | undefined;
  onFinish: (outcome: StreamOutcome) => void;
}

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  connection: "keep-alive",
};

/** Writes the stream (headers already sent); returns a function that stops it. */
export function runStream(run: StreamRun): () => void {
  const { res, fault } = run;
  const frames = buildFrames(run.reply, run.ttftMs, run.tps);
  const start = performance.now();
  let next = 0;
  let tokensWritten = 0;
  let timer: NodeJS.Timeout | null = null;
  let finished = false;

  const finish = (outcome: StreamOutcome) => {
    if (finished) return;
    finished = true;
    if (timer) clearTimeout(timer);
    run.onFinish(outcome);
  };

  const strike = (buffer: string, kind: FaultKind) => {
    finish(kind);
    if (kind === "reset") {
      // Let what was already sent reach the client before the connection drops.
      res.write(buffer, () => setTimeout(() => res.socket?.resetAndDestroy(), 5));
      return;
    }
    if (kind === "hang") {
      if (buffer) res.write(buffer);
      return;
    }
    if (kind === "malformed") {
      res.end(buffer + GARBAGE_SSE);
      return;
    }
    const error = faultError(kind)!;
    res.end(buffer + sseFrame("error", errorJson(error.type, error.message, run.requestId)));
  };

  const pump = () => {
    timer = null;
    if (finished || res.destroyed) return;
    const elapsed = performance.now() - start;
    let buffer = "";
    const timings: Array<{ block: number; token: number; chars: number }> = [];
    while (next < frames.length && frames[next]!.at <= elapsed) {
      const frame = frames[next]!;
      if (fault && fault.afterTokens !== null && tokensWritten >= fault.afterTokens && (frame.token || frame.final)) {
        flushTimings(timings);
        strike(buffer, fault.kind);
        return;
      }
      buffer += frame.text;
      if (frame.token) {
        timings.push({ block: frame.token.block, token: frame.token.index, chars: frame.token.chars });
        tokensWritten++;
      }
      next++;
    }
    if (buffer) {
      flushTimings(timings);
      res.write(buffer);
    }
    if (next >= frames.length) {
      res.end();
      finish("complete");
      return;
    }
    timer = setTimeout(pump, Math.max(0, frames[next]!.at - (performance.now() - start)));
  };

  const flushTimings = (timings: Array<{ block: number; token: number; chars: number }>) => {
    if (!run.onDelta || timings.length === 0) return;
    const wall = Date.now();
    const hr = performance.timeOrigin + performance.now();
    for (const t of timings) run.onDelta({ ...t, wall_ms: wall, hr_ms: hr });
  };

  res.on("close", () => finish("client_closed"));
  pump();
  return () => finish("client_closed");
}
