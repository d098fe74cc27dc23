import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_HEADER, FAKE_MARKER } from "./models";
import type { FakeAnthropicServer } from "./server";
import { API_HEADERS, sdkClient, startTestServer } from "./test-support";

// The contract an app relies on to know it is talking to this fake:
// every model's display_name ends with FAKE_MARKER, and every response has
// the header `x-fake-anthropic: 1`.

let server: FakeAnthropicServer;
beforeAll(async () => {
  server = await startTestServer({ rpm: 0 });
});
afterAll(() => server.close());

describe("self-identification", () => {
  it("marks every model's display_name, readable through client.models.list() and retrieve()", async () => {
    const client = sdkClient(server.url);
    const page = await client.models.list();
    expect(page.data.length).toBeGreaterThan(0);
    for (const model of page.data) expect(model.display_name.endsWith(` ${FAKE_MARKER}`)).toBe(true);
    expect(FAKE_MARKER).toBe("(Framewise offline fake)");
    const one = await client.models.retrieve(page.data[0]!.id);
    expect(one.display_name).toContain(FAKE_MARKER);
  });

  it("sends x-fake-anthropic: 1 on every response, exposed to browsers", async () => {
    const client = sdkClient(server.url);
    const { response } = await client.models.list().withResponse();
    expect(FAKE_HEADER).toBe("x-fake-anthropic");
    expect(response.headers.get("x-fake-anthropic")).toBe("1");
    const message = await client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 50, messages: [{ role: "user", content: "hi" }] }).withResponse();
    expect(message.response.headers.get("x-fake-anthropic")).toBe("1");
    const probe = await fetch(`${server.url}/`);
    expect(probe.headers.get("x-fake-anthropic")).toBe("1");
    expect(probe.headers.get("access-control-expose-headers")).toContain("x-fake-anthropic");
    const missing = await fetch(`${server.url}/v1/models/nope`, { headers: API_HEADERS });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-fake-anthropic")).toBe("1");
  });
});
