import { describe, expect, test } from "vitest";
import {
  csvCell,
  CSV_COLUMNS,
  CSV_HEADER,
  defaultSystemPrompt,
  estimateTokens,
  exampleLine,
  EXPORT_FORMATS,
  FORMATTERS,
  parseCsv,
  toMessages,
  validateBedrock,
  validateCsvLine,
  validateOpenAI,
  validateShareGpt,
  validateTrl,
  VALIDATORS,
  type ExportRecord,
} from "./formats";

// The documented examples (docs/notes: OpenAI chat, Bedrock Claude, TRL conversational, ShareGPT), verbatim in shape.
const DOCUMENTED = {
  openai: '{"messages":[{"role":"system","content":"Marv is a factual chatbot."},{"role":"user","content":"What\'s the capital of France?"},{"role":"assistant","content":"Paris."}]}',
  openaiWeighted: '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello","weight":0},{"role":"user","content":"Again"},{"role":"assistant","content":"Hello again","weight":1}]}',
  bedrock: '{"system":"You are a helpful coach.","messages":[{"role":"user","content":"I feel stuck."},{"role":"assistant","content":"What would unstuck look like?"}]}',
  bedrockNoSystem: '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}',
  trl: '{"messages":[{"role":"system","content":"You are helpful."},{"role":"user","content":"What color is the sky?"},{"role":"assistant","content":"It is blue."}]}',
  sharegpt: '{"conversations":[{"from":"system","value":"You are helpful."},{"from":"human","value":"Hi"},{"from":"gpt","value":"Hello!"}]}',
};

const record = (turns: ExportRecord["turns"], system?: string): ExportRecord => ({
  turns,
  system,
  split: "train",
  provenance: {
    conversationId: "c1",
    templateId: "t1",
    templateVersionId: "v1",
    templateVersion: 2,
    seed: "00ab",
    variables: { persona: "=HYPERLINK(\"x\")", emotion: "anxious", topic: "saying no, politely" },
    framework: "GROW",
    model: "claude-sonnet-5-5",
    score: 7.5,
    createdAt: 0,
  },
});

const twelve = Array.from({ length: 12 }, (_, i) => ({ role: (i % 2 === 0 ? "client" : "coach") as "client" | "coach", text: `turn ${i} with "quotes", commas and\nnew lines` }));

describe("validators accept the documented examples", () => {
  test("OpenAI chat, with and without weights", () => {
    expect(validateOpenAI(DOCUMENTED.openai)).toEqual([]);
    expect(validateOpenAI(DOCUMENTED.openaiWeighted)).toEqual([]);
  });
  test("Bedrock Claude, with and without a system prompt", () => {
    expect(validateBedrock(DOCUMENTED.bedrock)).toEqual([]);
    expect(validateBedrock(DOCUMENTED.bedrockNoSystem)).toEqual([]);
  });
  test("TRL conversational and ShareGPT", () => {
    expect(validateTrl(DOCUMENTED.trl)).toEqual([]);
    expect(validateShareGpt(DOCUMENTED.sharegpt)).toEqual([]);
  });
  test("the README's example line of every format passes its own validator", () => {
    for (const format of EXPORT_FORMATS) expect(VALIDATORS[format](exampleLine(format)), format).toEqual([]);
  });
});

describe("validators refuse what the formats forbid", () => {
  test("Bedrock: extra keys, assistant first, user last, broken alternation, one message", () => {
    expect(validateBedrock('{"system":"s","messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}],"metadata":{}}').join()).toMatch(/unexpected key "metadata"/);
    expect(validateBedrock('{"messages":[{"role":"assistant","content":"a"},{"role":"user","content":"b"}]}').join()).toMatch(/must be from the user/);
    expect(validateBedrock('{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"}]}').join()).toMatch(/last message/);
    expect(validateBedrock('{"messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"assistant","content":"c"}]}').join()).toMatch(/alternation/);
    expect(validateBedrock('{"messages":[{"role":"user","content":"a"}]}').join()).toMatch(/at least 2/);
    expect(validateBedrock('{"messages":[{"role":"system","content":"a"},{"role":"user","content":"b"}]}').length).toBeGreaterThan(0);
    expect(validateBedrock('{"messages":[{"role":"user","content":"a","name":"x"},{"role":"assistant","content":"b"}]}').join()).toMatch(/unexpected key "name"/);
  });
  test("OpenAI: a misplaced system, a bad role, no assistant, a weight on a user, empty content, extra keys", () => {
    expect(validateOpenAI('{"messages":[{"role":"user","content":"a"},{"role":"system","content":"b"},{"role":"assistant","content":"c"}]}').join()).toMatch(/only come first/);
    expect(validateOpenAI('{"messages":[{"role":"coach","content":"a"}]}').join()).toMatch(/role "coach"/);
    expect(validateOpenAI('{"messages":[{"role":"user","content":"a"}]}').join()).toMatch(/no assistant/);
    expect(validateOpenAI('{"messages":[{"role":"user","content":"a","weight":1},{"role":"assistant","content":"b"}]}').join()).toMatch(/weight/);
    expect(validateOpenAI('{"messages":[{"role":"user","content":" "},{"role":"assistant","content":"b"}]}').join()).toMatch(/no text/);
    expect(validateOpenAI('{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}],"metadata":{}}').join()).toMatch(/unexpected key/);
  });
  test("JSONL: not JSON, not an object, a raw line break", () => {
    expect(validateTrl("{oops")).toEqual(["not valid JSON"]);
    expect(validateTrl("[1]")).toEqual(["not a JSON object"]);
    expect(validateTrl('{"messages":[]}\n')).toEqual(["a JSONL line must not contain a raw line break"]);
  });
  test("ShareGPT: unknown speaker, no gpt turn, a late system turn", () => {
    expect(validateShareGpt('{"conversations":[{"from":"user","value":"a"},{"from":"gpt","value":"b"}]}').join()).toMatch(/from "user"/);
    expect(validateShareGpt('{"conversations":[{"from":"human","value":"a"}]}').join()).toMatch(/no gpt/);
    expect(validateShareGpt('{"conversations":[{"from":"human","value":"a"},{"from":"system","value":"s"},{"from":"gpt","value":"b"}]}').join()).toMatch(/only come first/);
  });
  test("CSV: wrong cell count, broken quoting, an unguarded formula", () => {
    expect(validateCsvLine("a,b").join()).toMatch(/cells expected/);
    expect(validateCsvLine('"a,b').join()).toMatch(/broken quoting/);
    const cells = CSV_COLUMNS.map(() => "x");
    cells[3] = "=1+1";
    expect(validateCsvLine(cells.join(",")).join()).toMatch(/formula/);
  });
});

describe("formatters", () => {
  test("every format turns a 12-turn conversation into one valid line, with and without a system prompt", () => {
    for (const format of EXPORT_FORMATS) {
      for (const system of [undefined, defaultSystemPrompt("GROW")]) {
        const line = FORMATTERS[format](record(twelve, system));
        expect(VALIDATORS[format](line), `${format} ${system ? "with" : "without"} system`).toEqual([]);
        if (format !== "csv") expect(line.includes("\n")).toBe(false);
      }
    }
  });
  test("client is user and coach is assistant; ShareGPT says human and gpt", () => {
    const turns = [{ role: "client" as const, text: "I'm stuck" }, { role: "coach" as const, text: "Where?" }];
    expect(JSON.parse(FORMATTERS.openai(record(turns, "S")))).toEqual({ messages: [{ role: "system", content: "S" }, { role: "user", content: "I'm stuck" }, { role: "assistant", content: "Where?" }] });
    expect(JSON.parse(FORMATTERS.bedrock(record(turns, "S")))).toEqual({ system: "S", messages: [{ role: "user", content: "I'm stuck" }, { role: "assistant", content: "Where?" }] });
    const sharegpt = JSON.parse(FORMATTERS.sharegpt(record(turns)));
    expect(sharegpt.conversations).toEqual([{ from: "human", value: "I'm stuck" }, { from: "gpt", value: "Where?" }]);
    expect(sharegpt.metadata).toMatchObject({ conversationId: "c1", templateVersionId: "v1", seed: "00ab", score: 7.5 });
    expect(JSON.parse(FORMATTERS.trl(record(turns))).metadata.variables.emotion).toBe("anxious");
  });
  test("Bedrock drops a coach opening and a trailing client turn, and merges consecutive turns of one speaker", () => {
    const turns = [
      { role: "coach" as const, text: "Welcome." },
      { role: "client" as const, text: "Hi." },
      { role: "client" as const, text: "I am anxious." },
      { role: "coach" as const, text: "Tell me more." },
      { role: "client" as const, text: "Thanks, bye." },
    ];
    const line = FORMATTERS.bedrock(record(turns));
    expect(validateBedrock(line)).toEqual([]);
    expect(JSON.parse(line).messages).toEqual([{ role: "user", content: "Hi.\n\nI am anxious." }, { role: "assistant", content: "Tell me more." }]);
    // OpenAI may keep the coach's opening after the system prompt.
    expect(toMessages(turns, false)[0]).toEqual({ role: "assistant", content: "Welcome." });
  });
  test("the token estimate is characters over 4, system prompt included", () => {
    expect(estimateTokens({ turns: [{ role: "client", text: "abcd" }, { role: "coach", text: "efgh" }], system: "1234" })).toBe(3);
    expect(estimateTokens({ turns: [{ role: "client", text: "abcde" }] })).toBe(2);
  });
  test("every known framework has its own default prompt; an unknown one gets a generic prompt naming it", () => {
    expect(defaultSystemPrompt("GROW")).toMatch(/GROW model/);
    expect(defaultSystemPrompt("clear")).toMatch(/CLEAR model/);
    expect(defaultSystemPrompt("OSKAR")).toMatch(/OSKAR coaching framework/);
  });
});

describe("CSV", () => {
  test("RFC 4180 quoting round-trips quotes, commas and line breaks", () => {
    const line = FORMATTERS.csv(record(twelve, "Say \"hi\", then listen"));
    const rows = parseCsv(line)!;
    expect(rows).toHaveLength(1);
    const cells = Object.fromEntries(CSV_COLUMNS.map((column, i) => [column, rows[0][i]]));
    expect(cells.system_prompt).toBe('Say "hi", then listen');
    expect(cells.transcript.split("\n")[0]).toBe('client: turn 0 with "quotes", commas and');
    expect(cells.topic).toBe("saying no, politely");
    expect(cells.score).toBe("7.5");
    expect(cells.split).toBe("train");
  });
  test("formula injection: cells starting with = + - @ get an apostrophe", () => {
    for (const start of ["=", "+", "-", "@"]) expect(csvCell(`${start}SUM(A1)`)).toBe(`'${start}SUM(A1)`);
    expect(csvCell("=A1,B1")).toBe("\"'=A1,B1\"");
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(-3)).toBe("-3");
    const rows = parseCsv(FORMATTERS.csv(record(twelve)))!;
    expect(rows[0][CSV_COLUMNS.indexOf("persona")]).toBe("'=HYPERLINK(\"x\")");
  });
  test("the header has one cell per column", () => {
    expect(parseCsv(CSV_HEADER)).toEqual([[...CSV_COLUMNS]]);
  });
});
