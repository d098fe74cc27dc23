/**
 * The offline recommender: scores frameworks by the keywords a challenge
 * mentions. Pure; used when Claude cannot be asked or answers badly.
 */
import { listFrameworks } from "./frameworks";
import { FRAMEWORK_IDS, type FrameworkId } from "./tables";

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
