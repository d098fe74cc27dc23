import { describe, expect, test } from "vitest";
import type { Id } from "../../../../convex/_generated/dataModel";
import type { VariableDefinition } from "../../../../convex/studio/templating";
import { axisValues, countdownText, formatDelay, formatDuration, formatMoney, initialAxes, parseList, rateStatus, summariseValues, toPreviewArgs, variedVariables, type AxisDraft } from "./model";
import { batchEventToasts, rateTransitionToast } from "./toasts";

const VERSION = "v1" as Id<"promptTemplateVersions">;
const VARS: VariableDefinition[] = [
  { name: "framework", type: "dropdown", required: true, options: ["GROW", "CLEAR", "COMPASS"] },
  { name: "persona", type: "text", required: true },
  { name: "emotion", type: "text", required: true },
  { name: "topic", type: "text", required: true },
  { name: "turns", type: "number", required: false, integer: true, default: 12 },
  { name: "include_setback", type: "boolean", required: false, default: false },
];
const HINTS = { personas: ["first-time manager", "senior engineer"], emotions: ["anxious", "stuck"] };

describe("the rate-status pill", () => {
  const at = 1_000_000;
  test.each([
    [0, "healthy", "Healthy"],
    [69, "healthy", "Healthy"],
    [70, "busy", "Busy"],
    [89, "busy", "Busy"],
    [90, "throttled", "Throttled – pausing…"],
    [100, "throttled", "Throttled – pausing…"],
  ])("%i %% of the limit is %s", (pct, level, label) => {
    const view = rateStatus({ state: "healthy", utilisationPct: pct }, at);
    expect(view.level).toBe(level);
    expect(view.label).toBe(label);
    expect(view.countdown).toBeNull();
  });

  test("a 429 pause is Throttled at any utilisation, with a countdown to its end", () => {
    const view = rateStatus({ state: "throttled", utilisationPct: 10, pausedUntil: at + 12_400 }, at);
    expect(view).toEqual({ level: "throttled", label: "Throttled – pausing…", countdown: "resumes in 13 s" });
    expect(rateStatus({ state: "throttled", utilisationPct: 10, pausedUntil: at + 12_400 }, at + 12_000).countdown).toBe("resumes in 1 s");
  });

  test("a pause that has ended no longer throttles; the gateway's own verdicts still count", () => {
    expect(rateStatus({ state: "healthy", utilisationPct: 10, pausedUntil: at - 1 }, at).level).toBe("healthy");
    expect(rateStatus({ state: "approaching", utilisationPct: 50 }, at).level).toBe("busy");
    expect(rateStatus({ state: "throttled", utilisationPct: 50 }, at).countdown).toBeNull();
  });

  test("countdown text", () => {
    expect(countdownText(at + 1, at)).toBe("in 1 s");
    expect(countdownText(at + 65_000, at)).toBe("in 1 min 5 s");
    expect(countdownText(at - 5_000, at)).toBe("now");
    expect(formatDuration(3_600_000 + 5 * 60_000)).toBe("1 h 5 min");
  });

  test("approaching the limit and the end of a throttle raise one toast per transition", () => {
    expect(rateTransitionToast("healthy", "busy", 5)?.key).toBe("rate:busy:5");
    expect(rateTransitionToast(null, "busy", 5)).toBeNull();
    expect(rateTransitionToast("busy", "busy", 6)).toBeNull();
    expect(rateTransitionToast("busy", "throttled", 7)).toBeNull();
    expect(rateTransitionToast("throttled", "busy", 8)).toMatchObject({ key: "rate:resumed:8", tone: "info" });
    expect(rateTransitionToast("throttled", "healthy", 9)?.message).toBe("Rate limit pause over — generation resumed.");
  });
});

describe("the matrix editor's state → previewBatch args", () => {
  test("prefills persona and emotion from the template, dropdowns and booleans from their defaults", () => {
    const axes = initialAxes(VARS, HINTS);
    expect(axes.map((a) => [a.variable, axisValues(a)])).toEqual([
      ["framework", ["GROW"]],
      ["persona", ["first-time manager", "senior engineer"]],
      ["emotion", ["anxious", "stuck"]],
      ["topic", []],
      ["turns", [12]],
      ["include_setback", [false]],
    ]);
  });

  test("lists split on lines and commas; numbers are numbers; empty axes are left out; option order is kept", () => {
    const axes = initialAxes(VARS, HINTS).map((axis): AxisDraft => {
      if (axis.variable === "topic") return { ...axis, kind: "list", numeric: false, text: "a promotion, a layoff\n\n a promotion \nburnout" };
      if (axis.variable === "turns") return { ...axis, kind: "list", numeric: true, text: "8, 12, ten" };
      if (axis.variable === "framework" && axis.kind === "choice") return { ...axis, selected: ["COMPASS", "GROW"] };
      if (axis.variable === "include_setback" && axis.kind === "choice") return { ...axis, selected: [] };
      return axis;
    });
    expect(toPreviewArgs(VERSION, axes, "all", null)).toEqual({
      versionId: VERSION,
      mode: "all",
      seed: 1,
      matrix: [
        { variable: "framework", values: ["GROW", "COMPASS"] },
        { variable: "persona", values: ["first-time manager", "senior engineer"] },
        { variable: "emotion", values: ["anxious", "stuck"] },
        { variable: "topic", values: ["a promotion", "a layoff", "burnout"] },
        { variable: "turns", values: [8, 12, "ten"] },
      ],
    });
  });

  test("a balanced sample carries its size; booleans become true/false", () => {
    const axes = initialAxes(VARS, HINTS).map((a) => (a.variable === "include_setback" && a.kind === "choice" ? { ...a, selected: ["false", "true"] } : a));
    const args = toPreviewArgs(VERSION, axes, "sample", 12, 3);
    expect(args.mode).toBe("sample");
    expect(args.sampleSize).toBe(12);
    expect(args.seed).toBe(3);
    expect(args.matrix.find((a) => a.variable === "include_setback")?.values).toEqual([true, false]);
  });

  test("parseList drops blanks and repeats", () => {
    expect(parseList(" a ,b\n\na, c ")).toEqual(["a", "b", "c"]);
  });

  test("item summaries show the variables the batch varies, in matrix order", () => {
    const matrix = [
      { variable: "framework", values: ["GROW"] },
      { variable: "persona", values: ["a", "b"] },
      { variable: "emotion", values: ["x", "y"] },
    ];
    expect(variedVariables(matrix)).toEqual(["persona", "emotion"]);
    expect(variedVariables(matrix.slice(0, 1))).toEqual(["framework"]);
    expect(summariseValues({ emotion: "x", framework: "GROW", persona: "a" }, 4, variedVariables(matrix))).toBe("persona: a · emotion: x");
  });

  test("retry waits keep their tenths below 10 s", () => {
    expect(formatDelay(700)).toBe("0.7 s");
    expect(formatDelay(2_000)).toBe("2.0 s");
    expect(formatDelay(12_000)).toBe("12 s");
  });

  test("money", () => {
    expect(formatMoney(0)).toBe("$0.00");
    expect(formatMoney(1_234)).toBe("$0.0012");
    expect(formatMoney(1_250_000)).toBe("$1.25");
  });
});

describe("batch event toasts", () => {
  const events = [
    { kind: "started" as const, at: 100, message: "Started 12 items." },
    { kind: "rate_limited" as const, at: 200, message: "…", delayMs: 4_200 },
    { kind: "completed" as const, at: 300, message: "Finished: 11 succeeded, 1 failed." },
  ];
  test("worded once per event, keyed by batch, kind and time; history before the page opened is skipped", () => {
    const toasts = batchEventToasts("b1", events, 150);
    expect(toasts.map((t) => [t.key, t.message])).toEqual([
      ["b1:rate_limited:200", "Rate limit reached — pausing for 5 s."],
      ["b1:completed:300", "Batch finished: 11 succeeded, 1 failed."],
    ]);
    expect(batchEventToasts("b1", events, 250).map((t) => t.key)).toEqual(["b1:completed:300"]);
    expect(batchEventToasts("b1", events, 250)[0].tone).toBe("warning");
    const clean = batchEventToasts("b1", [{ kind: "completed", at: 400, message: "Finished: 12 succeeded, 0 failed." }], 0);
    expect(clean[0]).toMatchObject({ tone: "success", message: "Batch finished: 12 succeeded, 0 failed." });
  });
});
