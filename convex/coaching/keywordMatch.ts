import { FRAMEWORK_IDS, type FrameworkId } from "./tables";
import { listFrameworks } from "./frameworks";

export type Recommendation = {
  frameworkId: FrameworkId;
  confidence: number;
  reason: string;
  alternatives: FrameworkId[];
  source: "claude" | "keywords";
};

function stems(text: string): string[] {
  return text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9\s-]/g, " ").split(/\s+/).filter(Boolean);
}

/**
 * The deterministic stand-in when Claude cannot be asked: scores each
 * framework by the keywords the challenge mentions (phrases count double).
 */
export function recommendByKeywords(challenge: string): Recommendation {
  const words = stems(challenge);
  const text = ` ${words.join(" ")} `;
  const scored = listFrameworks().map((framework) => {
    let score = 0;
    const hits: string[] = [];
    for (const keyword of framework.keywords) {
      const needle = keyword.toLowerCase().trim();
      const matched = needle.includes(" ") ? text.includes(` ${needle} `) : words.some((w) => w === needle || (needle.length > 4 && w.startsWith(needle)));
      if (matched) {
        score += needle.includes(" ") ? 2 : 1;
        hits.push(needle);
      }
    }
    return { framework, score, hits };
  });
  scored.sort((a, b) => b.score - a.score || FRAMEWORK_IDS.indexOf(a.framework.id) - FRAMEWORK_IDS.indexOf(b.framework.id));
  const [best, ...rest] = scored;
  const total = scored.reduce((sum, s) => sum + s.score, 0);
  if (best.score === 0) {
    return {
      frameworkId: "GROW",
      confidence: 0.3,
      reason: "GROW is a dependable starting point for most challenges: it moves from a clear goal to a committed next step.",
      alternatives: ["CLEAR", "COMPASS"],
      source: "keywords",
    };
  }
  const confidence = Math.min(0.9, Math.round((0.35 + 0.55 * (best.score / total)) * 100) / 100);
  return {
    frameworkId: best.framework.id,
    confidence,
    reason: `Your description mentions ${best.hits.slice(0, 3).map((h) => `"${h}"`).join(", ")}, which ${best.framework.name} is built for.`,
    alternatives: rest.filter((s) => s.score > 0).slice(0, 2).map((s) => s.framework.id),
    source: "keywords",
  };
}

export const RECOMMEND_TOOL = {
  name: "recommend_framework",
  description: "Recommend the coaching framework that best fits the person's challenge.",
  input_schema: {
    type: "object",
    properties: {
      frameworkId: { type: "string", enum: [...FRAMEWORK_IDS], description: "The best-fitting framework." },
      confidence: { type: "number", minimum: 0, maximum: 1, description: "How well it fits, 0 to 1." },
      reason: { type: "string", minLength: 10, maxLength: 240, description: "One sentence on why it fits." },
      alternatives: {
        type: "array",
        items: { type: "string", enum: [...FRAMEWORK_IDS] },
        maxItems: 2,
        description: "Up to two other frameworks worth considering.",
      },
    },
    required: ["frameworkId", "confidence", "reason", "alternatives"],
    additionalProperties: false,
  },
};

/** Accepts Claude's tool input only if it is fully well-formed. */
export function parseRecommendation(input: unknown): Recommendation | null {
  if (typeof input !== "object" || input === null) return null;
  const { frameworkId, confidence, reason, alternatives } = input as Record<string, unknown>;
  const isId = (v: unknown): v is FrameworkId => typeof v === "string" && (FRAMEWORK_IDS as readonly string[]).includes(v);
  if (!isId(frameworkId) || typeof confidence !== "number" || !Number.isFinite(confidence)) return null;
  if (typeof reason !== "string" || reason.trim().length < 3) return null;
  const alts = Array.isArray(alternatives) ? alternatives.filter(isId).filter((id) => id !== frameworkId) : [];
  return {
    frameworkId,
    confidence: Math.min(1, Math.max(0, confidence)),
    reason: reason.trim().slice(0, 240),
    alternatives: [...new Set(alts)].slice(0, 2),
    source: "claude",
  };
}
