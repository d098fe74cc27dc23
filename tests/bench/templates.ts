/**
 * bench:templates — the Studio's template language, in process. Prints one JSON line:
 *   {"render_p50_us","render_p99_us","vars","template_chars","parse_p50_us","fuzz_cases","fuzz_failures","fuzz_ms_per_kb"}
 *
 * A realistic 10-variable, ~4 KB coaching prompt is parsed once and rendered
 * many times with values from the persona × emotion × topic × framework matrix,
 * the way the generation queue uses it. Then a seeded fuzz run checks that
 * nothing throws and every invariant holds; fuzz_ms_per_kb is parse + render
 * time over the fuzz bodies' total size. Goal: render_p99_us ≤ 100,
 * fuzz_failures 0, fuzz_ms_per_kb < 1.
 *
 * On a shared machine, a percentile over few samples absorbs the OS's
 * time slices (milliseconds each); many cheap samples keep p99 honest.
 */
import { parseTemplate, renderTemplate, type VariableDefinition } from "../../convex/studio/templating";
import { seededRandom } from "../../convex/lib/seededRandom";
import { checkCase, randomCase } from "../../convex/studio/templating/fuzz.support";

const RENDERS = Number(process.env.BENCH_RENDERS ?? 20_000);
const PARSES = Number(process.env.BENCH_PARSES ?? 20_000);
const FUZZ_CASES = Number(process.env.BENCH_FUZZ ?? 10_000);

const VARIABLES: VariableDefinition[] = [
  { name: "persona", type: "text", required: true, minLength: 3, maxLength: 300, helpText: "Who the client is" },
  { name: "emotion", type: "dropdown", required: true, options: ["calm", "anxious", "frustrated", "hopeful", "defensive", "overwhelmed"] },
  { name: "topic", type: "text", required: true, minLength: 3, maxLength: 300 },
  { name: "framework", type: "dropdown", required: true, options: ["GROW", "CLEAR", "OSKAR", "STEPPPA"] },
  { name: "turns", type: "number", required: false, min: 2, max: 30, integer: true, default: 8 },
  { name: "difficulty", type: "number", required: false, min: 1, max: 5, integer: true, default: 3 },
  { name: "include_resistance", type: "boolean", required: false, default: false },
  { name: "coach_name", type: "text", required: false, maxLength: 60 },
  { name: "language", type: "dropdown", required: false, options: ["English", "French", "German", "Spanish"], default: "English" },
  { name: "style_notes", type: "text", required: false, maxLength: 1000 },
];

const SECTION = `You are writing a realistic coaching conversation for a training data set.

## The client
The client is {{persona}}. They want to talk about {{topic}}. Right now they feel {{emotion}}.
{{#if emotion in ['anxious', 'overwhelmed']}}
Their messages are short and hesitant at first. They apologise for "wasting time" and need reassurance before they open up.
{{else if emotion == 'frustrated' or emotion == 'defensive'}}
They push back on the first questions, question the point of coaching, and only engage once the coach reflects their frustration without judging it.
{{else}}
They are ready to work and answer questions in full sentences, sometimes going off on tangents the coach must gently bring back.
{{/if}}

## The coach
{{coach_name ? coach_name : 'The coach'}} follows the {{framework}} framework.
{{#if framework == 'GROW'}}
Move through Goal, Reality, Options and Way forward. Do not skip Reality: ask what has already been tried and what got in the way.
{{else if framework == 'CLEAR'}}
Contract first: agree what the session is for. Then Listen, Explore, Act and Review, ending with what the client takes away.
{{else if framework == 'OSKAR'}}
Start from the Outcome, use a 0 to 10 Scale, surface Know-how, name Affirm-and-action steps and plan a Review.
{{else}}
Work through the stages in order and name the stage when it changes.
{{/if}}
{{#if difficulty >= 4}}
Make this a hard session: the client contradicts themselves{{include_resistance ? ' and resists every suggestion until the last third' : ''}}.
{{else if difficulty <= 2}}
Keep this session gentle and cooperative.
{{/if}}

## Shape
Write {{turns}} turns, alternating client and coach, starting with the client. Write in {{language}}.
{{#if style_notes}}
Style notes from the reviewer: {{style_notes}}
{{/if}}
{{#if not include_resistance and difficulty < 4}}
The client accepts a reasonable suggestion once it is their own idea.
{{/if}}
Quote nothing from this brief. Never mention that this is synthetic. Use \\{{ and }} nowhere in the dialogue.
`;

/** Repeat the body's sections to ~4 KB, the size of a full generation prompt. */
function buildTemplate(): string {
  let body = SECTION;
  let part = 2;
  while (body.length < 3800) {
    body += `\n## Variation ${part++}\n{{#if turns > ${part * 2}}}\nAdd one turn where the coach summarises what {{persona}} said about {{topic}} before asking the next question.\n{{else}}\nKeep the coach's summaries to one sentence.\n{{/if}}\n`;
  }
  return body;
}

const PERSONAS = ["a newly promoted engineering lead", "a nurse returning after parental leave", "a founder of a three-person start-up", "a retail store manager facing layoffs"];
const EMOTIONS = VARIABLES[1].type === "dropdown" ? VARIABLES[1].options : [];
const TOPICS = ["giving difficult feedback to a former peer", "saying no to extra projects", "preparing for a salary negotiation", "delegating without micromanaging"];
const FRAMEWORKS = ["GROW", "CLEAR", "OSKAR", "STEPPPA"];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (n: number) => Math.round(n * 10) / 10;

function main() {
  const body = buildTemplate();
  const parsed = parseTemplate(body, VARIABLES);
  if (!parsed.template) throw new Error(`bench template does not parse: ${JSON.stringify(parsed.errors)}`);
  const template = parsed.template;

  for (let i = 0; i < 200; i++) parseTemplate(body, VARIABLES);
  const parseUs: number[] = [];
  for (let i = 0; i < PARSES; i++) {
    const started = performance.now();
    parseTemplate(body, VARIABLES);
    parseUs.push((performance.now() - started) * 1000);
  }

  // The matrix, as the generation queue would fill it, with strings for numbers and booleans as a form would send.
  const matrix: Record<string, unknown>[] = [];
  for (const persona of PERSONAS)
    for (const emotion of EMOTIONS)
      for (const topic of TOPICS)
        for (const framework of FRAMEWORKS) {
          const k = matrix.length;
          matrix.push({
            persona,
            emotion,
            topic,
            framework,
            turns: k % 3 === 0 ? String(6 + (k % 20)) : 6 + (k % 20),
            difficulty: 1 + (k % 5),
            include_resistance: k % 2 === 0 ? "true" : false,
            coach_name: k % 4 === 0 ? "" : "Jordan",
            ...(k % 5 === 0 ? {} : { language: "English" }),
            style_notes: k % 3 === 0 ? "Short messages; no emoji." : undefined,
          });
        }

  for (let i = 0; i < 2_000; i++) renderTemplate(template, matrix[i % matrix.length]);
  const renderUs: number[] = [];
  let outputChars = 0;
  for (let i = 0; i < RENDERS; i++) {
    const values = matrix[i % matrix.length];
    const started = performance.now();
    const result = renderTemplate(template, values);
    renderUs.push((performance.now() - started) * 1000);
    if (!result.ok) throw new Error(`bench render failed: ${JSON.stringify(result.errors)}`);
    outputChars += result.output.length;
  }
  renderUs.sort((a, b) => a - b);
  parseUs.sort((a, b) => a - b);

  // Invariants first (spans, names, parse, segments render, checks); then the
  // language's own work per case, parse + render, timed on its own.
  const random = seededRandom(424242);
  const cases = Array.from({ length: FUZZ_CASES }, () => randomCase(random));
  let failures = 0;
  cases.forEach((c, i) => {
    const failure = checkCase(c);
    if (failure) {
      failures++;
      if (failures <= 3) console.error(`fuzz case ${i}: ${failure}`);
    }
  });
  let fuzzChars = 0;
  const fuzzStarted = performance.now();
  for (const c of cases) {
    fuzzChars += c.body.length;
    const parsedCase = parseTemplate(c.body, c.variables);
    if (parsedCase.template) renderTemplate(parsedCase.template, c.values, { escape: c.html ? "html" : "none" });
  }
  const fuzzMs = performance.now() - fuzzStarted;

  console.log(
    JSON.stringify({
      render_p50_us: round(percentile(renderUs, 50)),
      render_p99_us: round(percentile(renderUs, 99)),
      vars: VARIABLES.length,
      template_chars: body.length,
      output_chars_avg: Math.round(outputChars / RENDERS),
      parse_p50_us: round(percentile(parseUs, 50)),
      parse_p99_us: round(percentile(parseUs, 99)),
      fuzz_cases: FUZZ_CASES,
      fuzz_failures: failures,
      fuzz_ms_per_kb: Math.round((fuzzMs / (fuzzChars / 1024)) * 1000) / 1000,
    }),
  );
  process.exitCode = failures === 0 ? 0 : 1;
}

main();
