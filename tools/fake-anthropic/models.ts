// A short list of current Claude models for GET /v1/models: enough for a
// readiness probe or a model picker; any model id is accepted by /v1/messages.

interface ModelEntry {
  id: string;
  display_name: string;
  created_at: string;
  line: "haiku" | "sonnet" | "opus";
}

// Ids from the SDK's Model union; the dates only order the list.
const MODELS: ModelEntry[] = [
  { id: "claude-opus-5-5", display_name: "Claude Opus 5.5", created_at: "2026-10-01T00:00:00Z", line: "opus" },
  { id: "claude-sonnet-5-5", display_name: "Claude Sonnet 5.5", created_at: "2026-10-01T00:00:00Z", line: "sonnet" },
  { id: "claude-haiku-5-5", display_name: "Claude Haiku 5.5", created_at: "2026-10-01T00:00:00Z", line: "haiku" },
  { id: "claude-opus-4-6", display_name: "Claude Opus 4.6", created_at: "2026-02-05T00:00:00Z", line: "opus" },
  { id: "claude-sonnet-4-6", display_name: "Claude Sonnet 4.6", created_at: "2026-02-17T00:00:00Z", line: "sonnet" },
  { id: "claude-haiku-4-5", display_name: "Claude Haiku 4.5", created_at: "2025-10-15T00:00:00Z", line: "haiku" },
];

/**
 * How an app tells this fake from the real API, generically: every model's
 * display_name ends with this marker (readable through `client.models.list()`),
 * and every response carries the FAKE_HEADER header.
 */
export const FAKE_MARKER = "(Framewise offline fake)";
export const FAKE_HEADER = "x-fake-anthropic";

function modelInfo(m: ModelEntry) {
  return {
    id: m.id,
    type: "model",
    display_name: `${m.display_name} ${FAKE_MARKER}`,
    created_at: m.created_at,
    capabilities: null,
    deprecated_at: null,
    lifecycle: "active",
    line: m.line,
    max_input_tokens: 200_000,
    max_tokens: 64_000,
    retires_at: null,
  };
}

export function listModels() {
  // Newest first, as the real endpoint orders them.
  const data = [...MODELS].sort((a, b) => b.created_at.localeCompare(a.created_at)).map(modelInfo);
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
}

export function getModel(id: string) {
  const found = MODELS.find((m) => m.id === id);
  return found ? modelInfo(found) : null;
}
