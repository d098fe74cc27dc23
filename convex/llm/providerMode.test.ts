import { describe, expect, test } from "vitest";
import { api, internal } from "../_generated/api";
import { gatewayTest, waitFor } from "../test.llm";
import { signIn } from "../test.users";
import { FAKE_MARKER, simulatedFromModels } from "./providerMode";

describe("reading a models listing", () => {
  test("the fake's marker means simulated; plain names mean real; nothing means unknown", () => {
    expect(simulatedFromModels([{ display_name: `Claude Sonnet 5.5 ${FAKE_MARKER}` }])).toBe(true);
    expect(simulatedFromModels([{ display_name: "Claude Sonnet 5.5" }, { display_name: null }])).toBe(false);
    expect(simulatedFromModels([])).toBeNull();
  });
});

describe("provider mode", () => {
  test("unknown until checked; the first session start schedules a check that finds the offline fake", async () => {
    const { t } = await gatewayTest();
    const user = await signIn(t, "person@example.com");
    expect(await user.as.query(api.llm.providerMode.get, {})).toEqual({ simulated: null });
    await user.as.mutation(api.coaching.sessions.startSession, {
      challenge: "I want to run better weekly meetings with my team.",
      frameworkId: "GROW",
    });
    const mode = await waitFor(async () => {
      const result = await user.as.query(api.llm.providerMode.get, {});
      return result.simulated !== null ? result : undefined;
    });
    expect(mode).toEqual({ simulated: true });
  });

  test("records only on a change, and a failed check changes nothing", async () => {
    const { t } = await gatewayTest();
    expect(await t.action(internal.llm.providerMode.check, {})).toBe(true);
    const first = await t.run((ctx) => ctx.db.query("providerModes").collect());
    expect(first).toHaveLength(1);
    expect(await t.action(internal.llm.providerMode.check, {})).toBe(true);
    const second = await t.run((ctx) => ctx.db.query("providerModes").collect());
    expect(second).toEqual(first);
    // An unreachable provider is unknown: the record stands.
    process.env.ANTHROPIC_BASE_URL = "http://127.0.0.1:9";
    expect(await t.action(internal.llm.providerMode.check, {})).toBeNull();
    expect(await t.run((ctx) => ctx.db.query("providerModes").collect())).toEqual(first);
    // A real provider (no marker) flips it.
    await t.mutation(internal.llm.providerMode.record, { simulated: false });
    const flipped = await t.run((ctx) => ctx.db.query("providerModes").collect());
    expect(flipped).toMatchObject([{ simulated: false }]);
  });
});
