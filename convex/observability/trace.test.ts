import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import { hashUserId } from "../lib/log";
import { gatewayTest, waitFor } from "../test.llm";
import { signIn } from "../test.users";

const CHALLENGE = "My manager Priya (priya@acme.example, +44 20 7946 0958) keeps overruling my plans in front of the team.";

describe("one trace id through mutation, gateway action and handler mutation", () => {
  test("a coaching turn leaves a trail of redacted entries under its trace id", async () => {
    // Claude is unreachable (a closed port), so this test never touches the fake
    // server that other suites script faults on: the attempt fails once, for good.
    const { t } = await gatewayTest({ ANTHROPIC_BASE_URL: "http://127.0.0.1:1", LLM_MAX_ATTEMPTS: "1" });
    const user = await signIn(t, "coachee@example.com");
    const { sessionId } = await user.as.mutation(api.coaching.sessions.startSession, { challenge: CHALLENGE, frameworkId: "GROW" });
    await waitFor(async () => {
      const session = await t.run((ctx) => ctx.db.get("coachingSessions", sessionId));
      return session && session.pendingReplyId === undefined;
    });
    // The gateway's own record of the attempt carries the trace the session mutation created.
    const calls = await t.run((ctx) => ctx.db.query("llmCalls").take(10));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ status: "failed", errorClass: "network" });
    const traceId = calls[0].traceId;
    expect(traceId).toMatch(/^tr_/);

    const trail = await t.run((ctx) => ctx.db.query("logs").withIndex("by_trace", (q) => q.eq("traceId", traceId)).collect());
    expect(trail.map((e) => `${e.area}.${e.event}`)).toEqual(
      expect.arrayContaining(["coaching.session_started", "llm.request_enqueued", "llm.attempt_failed", "coaching.reply_failed"]),
    );
    expect(trail.find((e) => e.event === "attempt_failed")).toMatchObject({ level: "error", fields: { errorClass: "network", attempt: 1 } });

    for (const entry of trail) expect(entry.userHash).toBe(hashUserId(user.userId));
    const stored = JSON.stringify(await t.run((ctx) => ctx.db.query("logs").collect()));
    for (const leak of [user.userId, "coachee@example.com", "Priya", "priya@acme.example", "7946 0958", "overruling"]) {
      expect(stored).not.toContain(leak);
    }
  });
});
