import { describe, expect, test } from "vitest";
import {
  addCell,
  agreement,
  applyEdits,
  blockingLease,
  checkRejection,
  confusionCell,
  dayOf,
  EMPTY_CONFUSION,
  formatClock,
  humanKeeps,
  reviewPlacement,
  scorerAndJudgeDisagree,
} from "./rules";

const quality = (overall: number, threshold = 6) => ({ overall, threshold });
const judged = (overall: number) => ({ status: "done", overall });

describe("queue placement", () => {
  test("needs revision goes first, at its score", () => {
    expect(reviewPlacement({ pool: "production", status: "needs_revision", score: 4.2, quality: quality(4.2) })).toEqual({ reviewRank: 0, reviewScore: 4.2 });
  });

  test("scorer keeps and judge drops, or the reverse, goes first; agreement or no judge yet does not", () => {
    const keep = { pool: "production" as const, status: "generated" as const, score: 7, quality: quality(7) };
    expect(reviewPlacement({ ...keep, judge: judged(5.9) })).toEqual({ reviewRank: 0, reviewScore: 7 });
    expect(reviewPlacement({ ...keep, judge: judged(6) })).toEqual({ reviewRank: 1, reviewScore: 7 });
    expect(reviewPlacement({ ...keep, judge: { status: "pending" } })).toEqual({ reviewRank: 1, reviewScore: 7 });
    expect(reviewPlacement({ ...keep, judge: { status: "failed" } })).toEqual({ reviewRank: 1, reviewScore: 7 });
    // A blocking flag can send a conversation above threshold to revision; the judge still compares on score.
    expect(scorerAndJudgeDisagree({ status: "needs_revision", score: 5, quality: quality(5), judge: judged(8) })).toBe(true);
  });

  test("an override's score is what the queue sorts and compares by", () => {
    expect(reviewPlacement({ pool: "production", status: "generated", score: 8, quality: quality(5), judge: judged(7) })).toEqual({ reviewRank: 1, reviewScore: 8 });
  });

  test("test-pool conversations stay out; unscored legacy rows sort as 0 in the rest", () => {
    expect(reviewPlacement({ pool: "test", status: "needs_revision", score: 1, quality: quality(1) })).toBeNull();
    expect(reviewPlacement({ status: "generated" })).toEqual({ reviewRank: 1, reviewScore: 0 });
  });
});

describe("leases", () => {
  const now = 1_000_000;
  test("someone else's running lease blocks; one's own, an expired one or none does not", () => {
    expect(blockingLease({ leaseBy: "b", leaseUntil: now + 1 }, "a", now)).toEqual({ by: "b", until: now + 1 });
    expect(blockingLease({ leaseBy: "a", leaseUntil: now + 1 }, "a", now)).toBeNull();
    expect(blockingLease({ leaseBy: "b", leaseUntil: now }, "a", now)).toBeNull();
    expect(blockingLease({}, "a", now)).toBeNull();
  });

  test("the clock reads hours and minutes in UTC", () => {
    expect(formatClock(Date.UTC(2026, 10, 29, 9, 5, 59))).toBe("09:05 UTC");
  });
});

describe("reasons and edits", () => {
  test("other needs a note; notes are trimmed and bounded", () => {
    expect(checkRejection("other", "  ")).toEqual({ ok: false, problem: { field: "note", message: expect.any(String) } });
    expect(checkRejection("other", " coach lectures ")).toEqual({ ok: true, note: "coach lectures" });
    expect(checkRejection("unsafe", undefined)).toEqual({ ok: true, note: undefined });
    expect(checkRejection("unsafe", "x".repeat(2_001)).ok).toBe(false);
  });

  const turns = [
    { role: "client" as const, text: "I'm stuck." },
    { role: "coach" as const, text: "You should just delegate." },
  ];

  test("edits replace turn texts and report what each said before", () => {
    const result = applyEdits(turns, [{ turnIndex: 1, text: " What could you hand off? " }]);
    expect(result).toEqual({
      ok: true,
      turns: [turns[0], { role: "coach", text: "What could you hand off?" }],
      changed: [{ turnIndex: 1, before: "You should just delegate.", text: "What could you hand off?" }],
    });
    expect(turns[1].text).toBe("You should just delegate.");
  });

  test("no edits, a missing or repeated turn, an empty text or a change to nothing is refused", () => {
    expect(applyEdits(turns, []).ok).toBe(false);
    expect(applyEdits(turns, [{ turnIndex: 2, text: "x" }]).ok).toBe(false);
    expect(applyEdits(turns, [{ turnIndex: -1, text: "x" }]).ok).toBe(false);
    expect(applyEdits(turns, [{ turnIndex: 0.5, text: "x" }]).ok).toBe(false);
    expect(applyEdits(turns, [{ turnIndex: 0, text: "a" }, { turnIndex: 0, text: "b" }]).ok).toBe(false);
    expect(applyEdits(turns, [{ turnIndex: 0, text: "   " }]).ok).toBe(false);
    expect(applyEdits(turns, [{ turnIndex: 0, text: "I'm stuck." }]).ok).toBe(false);
    expect(applyEdits(turns, [{ turnIndex: 0, text: "x".repeat(8_001) }]).ok).toBe(false);
  });
});

describe("calibration math", () => {
  test("keep is positive: cells, agreement and day buckets", () => {
    expect([confusionCell(true, true), confusionCell(true, false), confusionCell(false, true), confusionCell(false, false)]).toEqual(["tp", "fp", "fn", "tn"]);
    expect([humanKeeps("approved"), humanKeeps("revised"), humanKeeps("rejected")]).toEqual([true, true, false]);
    let m = EMPTY_CONFUSION;
    for (const cell of ["tp", "tp", "tp", "fp", "tn"] as const) m = addCell(m, cell);
    expect(m).toEqual({ tp: 3, fp: 1, fn: 0, tn: 1 });
    expect(agreement(m)).toBe(0.8);
    expect(agreement(EMPTY_CONFUSION)).toBeNull();
    expect(dayOf(86_400_000 * 3 - 1)).toBe(2);
  });
});
