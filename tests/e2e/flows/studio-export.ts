import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { parseCsv } from "../../../convex/studio/export/formats";
import { assert, expectPath, expectText, expectValue, expectVisible } from "../expect";
import type { Flow } from "../harness";
import { openSignIn, signUp, uniqueEmail } from "../steps/auth";
import { phoneToo, runSmallBatch, screen, studioTab } from "../steps/studio";

// Studio → Export and Analytics end to end, against the fake Anthropic server.
// The first user (an admin) generates a small batch, approves it through the
// Review tab's bulk approve, exports it as OpenAI JSONL and as CSV, and reads
// every downloaded file back: each train/validation line parses as
// {"messages":[…]}, provenance lines point at them, the CSV parses with its
// header, and the dataset card states the counts. A reviewer exports TRL
// filtered by batch. Then Analytics with its coverage heatmap. Axe on every screen; desktop and phone screenshots.

const ITEMS = 4;

/** Clicks a download link and returns the downloaded file's text. */
async function download(page: Page, file: string): Promise<string> {
  const [event] = await Promise.all([page.waitForEvent("download", { timeout: 15_000 }), page.getByRole("link", { name: `Download ${file}` }).click()]);
  assert(event.suggestedFilename() === file, `the download is named ${file}, not ${event.suggestedFilename()}`);
  const path = await event.path();
  return readFileSync(path, "utf8");
}

async function runExport(page: Page, format: RegExp): Promise<void> {
  await page.getByRole("radio", { name: format }).check();
  await page.getByRole("button", { name: "Export", exact: true }).click();
  await expectText(page.getByRole("heading", { name: /^Export (ready|cancelled)$|^Exporting…$/ }), "Export ready", "the export finishes", 30_000);
}

const flow: Flow = {
  name: "studio-export",
  async run(h) {
    const page = await h.newPage();
    await openSignIn(page, h.stack.appUrl);
    await signUp(page, uniqueEmail("export-admin"));

    // ---- A small batch, generated against the fake.
    await page.goto(`${h.stack.appUrl}/studio/batches/new`);
    await runSmallBatch(page, { name: "Export sample", items: ITEMS, topics: ["a new role", "a difficult peer"] });
    const succeeded = Number(await page.getByTestId("count-succeeded").textContent());
    assert(succeeded >= 1, `at least one item succeeded (${succeeded})`);

    // ---- Approve them through Review's bulk approve.
    await studioTab(page, "Review");
    await expectPath(page, "/studio/review");
    await expectVisible(page.locator(".review-row").first(), "the queue");
    await page.getByRole("button", { name: "Approve all…" }).click();
    const dialog = page.getByRole("dialog", { name: "Approve everything in view?" });
    await expectText(dialog.getByTestId("bulk-count"), /approves \d+ conversations?/, "the count to confirm");
    const approved = Number(/approves (\d+)/.exec((await dialog.getByTestId("bulk-count").textContent()) ?? "")?.[1]);
    assert(approved >= 1, `something to approve (${approved})`);
    await dialog.getByRole("button", { name: /^Approve \d+ conversations?$/ }).click();
    await expectText(page.getByTestId("bulk-progress"), new RegExp(`Bulk review finished.*${approved} of ${approved} applied`), "the bulk approve finishes", 30_000);

    // ---- Export as OpenAI JSONL.
    await studioTab(page, "Export");
    await expectPath(page, "/studio/export");
    await expectVisible(page.getByRole("heading", { name: "Export", level: 1 }), "the Export page");
    await expectText(page.getByTestId("export-example"), /^\{"messages":\[/, "the OpenAI example line");
    await screen(h, page, "export-form", "Export form");
    await phoneToo(h, page, "export-form", "Export form");

    await runExport(page, /OpenAI chat/);
    await expectText(page.getByTestId("export-progress"), new RegExp(`· ${approved} exported \\(\\d+ train, \\d+ validation\\) · 0 invalid lines$`), "the progress counts");
    let lines = 0;
    const exported: { file: string; line: number }[] = [];
    for (const file of ["train.jsonl", "validation.jsonl"]) {
      const text = await download(page, file);
      const records = text.split("\n");
      assert(records.pop() === "", `${file} ends each line with a newline`);
      records.forEach((line, i) => {
        const parsed = JSON.parse(line) as { messages?: { role: string; content: string }[] };
        assert(Array.isArray(parsed.messages) && parsed.messages.length >= 2, `${file}:${i + 1} is {"messages":[…]}`);
        assert(Object.keys(parsed).length === 1, `${file}:${i + 1} has no key but messages`);
        for (const m of parsed.messages) assert(["system", "user", "assistant"].includes(m.role) && typeof m.content === "string" && m.content.length > 0, `${file}:${i + 1} messages have a role and text`);
        assert(parsed.messages[parsed.messages.length - 1].role === "assistant", `${file}:${i + 1} ends with the coach`);
        exported.push({ file, line: i + 1 });
      });
      lines += records.length;
    }
    assert(lines === approved, `every approved conversation is a line: ${lines} of ${approved}`);
    const provenance = (await download(page, "provenance.jsonl")).trimEnd().split("\n").map((l) => JSON.parse(l) as { file: string; line: number; conversationId: string });
    assert(provenance.length === lines, `one provenance line per record (${provenance.length} for ${lines})`);
    for (const p of provenance) assert(exported.some((e) => e.file === p.file && e.line === p.line) && p.conversationId, `provenance ${p.file}:${p.line} points at a record`);
    const readme = await download(page, "README.md");
    assert(new RegExp(`\\| Exported \\| ${approved} \\|`).test(readme), `the dataset card states the count:\n${readme.slice(0, 800)}`);
    assert(/\| Train \| \d+ \|/.test(readme) && /\| Validation \| \d+/.test(readme), "the dataset card states the split");
    await screen(h, page, "export-done", "Export done");
    await phoneToo(h, page, "export-done", "Export done");

    // ---- And as CSV.
    await runExport(page, /^CSV/);
    const csv = await download(page, "conversations.csv");
    const rows = parseCsv(csv);
    assert(rows !== null, "conversations.csv parses as RFC 4180");
    const [header, ...body] = rows;
    assert(header[0] === "conversation_id" && header.includes("split") && header.includes("transcript"), `the CSV header: ${header.join(",")}`);
    assert(body.length === approved, `one CSV row per approved conversation: ${body.length} of ${approved}`);
    const split = header.indexOf("split");
    const transcript = header.indexOf("transcript");
    for (const row of body) {
      assert(row.length === header.length, `every row has ${header.length} cells`);
      assert(["train", "validation"].includes(row[split]) && /^client: /.test(row[transcript]), `a row's split and transcript: ${row[split]}, ${row[transcript].slice(0, 40)}`);
    }
    const csvCard = await download(page, "README.md");
    assert(csvCard.includes(`| Exported | ${approved} |`), "the CSV's dataset card states the count");
    await screen(h, page, "export-csv-done", "CSV export done");

    // ---- A reviewer exports too (studio.export), picking the batch by name like the admin.
    const batchId = await page.evaluate(async () => {
      const select = document.querySelector<HTMLSelectElement>("#exp-batch");
      return select ? Array.from(select.options).find((o) => o.textContent === "Export sample")?.value ?? null : null;
    });
    assert(batchId, "the admin's batch picker lists the batch");
    const reviewer = await h.newPage();
    const reviewerEmail = uniqueEmail("export-reviewer");
    await openSignIn(reviewer, h.stack.appUrl);
    await signUp(reviewer, reviewerEmail);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    const role = page.getByLabel(`Role of ${reviewerEmail}`);
    await role.selectOption("reviewer");
    await expectValue(role, "reviewer", "the new role");
    const studioLink = reviewer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Studio" });
    await expectVisible(studioLink, "the Studio link once the role changed (live)");
    await studioLink.click();
    await studioTab(reviewer, "Export");
    await expectPath(reviewer, "/studio/export");
    await reviewer.getByLabel("Batch").selectOption({ label: "Export sample" });
    await expectValue(reviewer.getByLabel("Batch"), batchId, "the reviewer's batch picker");
    await runExport(reviewer, /Hugging Face TRL/);
    const trl = (await download(reviewer, "train.jsonl")) + (await download(reviewer, "validation.jsonl"));
    const trlLines = trl.split("\n").filter(Boolean);
    assert(trlLines.length === approved, `the reviewer's TRL export has every approved conversation: ${trlLines.length} of ${approved}`);
    for (const line of trlLines) {
      const parsed = JSON.parse(line) as { messages?: unknown[]; metadata?: { batchId?: string } };
      assert(Array.isArray(parsed.messages) && parsed.metadata?.batchId === batchId, "a TRL record has messages and its batch in metadata");
    }
    await screen(h, reviewer, "export-reviewer", "Export as a reviewer");

    // ---- Analytics and the coverage heatmap.
    await page.goto(`${h.stack.appUrl}/studio`);
    await studioTab(page, "Analytics");
    await expectPath(page, "/studio/analytics");
    await expectVisible(page.getByRole("heading", { name: "Analytics", level: 1 }), "the Analytics page");
    await expectVisible(page.getByRole("heading", { name: "Top performers per tier" }), "top performers");
    const coverage = page.getByRole("heading", { name: "Coverage: persona × framework" });
    await expectVisible(coverage, "the coverage section");
    await expectVisible(page.locator(".analytics-page").getByText(/approved conversations (across all emotions|;)/), "the coverage total");
    const heatmap = page.getByRole("table", { name: /Approved conversations per persona and framework/ });
    if ((await heatmap.count()) > 0) {
      await expectVisible(heatmap.locator("td[data-testid=heat-cell]").first(), "heatmap cells with counts");
      const emotions = await page.getByLabel("Emotion").locator("option").allTextContents();
      if (emotions.length > 1) {
        await page.getByLabel("Emotion").selectOption({ label: emotions[1] });
        await expectVisible(page.getByRole("table", { name: new RegExp(`emotion ${emotions[1]}`) }), "the heatmap for one emotion");
      }
    }
    await screen(h, page, "analytics", "Analytics");
    await phoneToo(h, page, "analytics", "Analytics");
    await coverage.scrollIntoViewIfNeeded();
    await h.screenshot(page, "analytics-coverage");

    const errors = h.takeBrowserErrors();
    assert(errors.length === 0, `browser errors:\n${errors.join("\n")}`);
  },
};

export default flow;
