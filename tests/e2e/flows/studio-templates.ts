import type { Locator, Page } from "playwright-core";
import { expectNoAxeViolations } from "../axe";
import { assert, expectCount, expectPath, expectText, expectValue, expectVisible } from "../expect";
import type { Flow, Harness } from "../harness";
import { openSignIn, signUp, uniqueEmail } from "../steps/auth";

// Studio → Templates end to end: the first user (an admin) finds the three
// starter templates, writes a new one with typed variables, a conditional
// block and a ternary, watches the preview follow the typing, makes and
// fixes a syntax error, saves two versions, compares them side by side,
// makes v2 live and rolls back to v1. Attack strings typed into values and
// the body must come out as text: no alert() may ever fire. A member gets
// no Studio link and a plain refusal at /studio.

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const XSS = "<script>alert('xss')</script>";
const SQL = "'; DROP TABLE users;--";

const BROKEN_BODY = ["You are coaching {{persona}}.", "{{#if level >= 7}}Push hard on commitments.", "Speak {{tone == 'warm' ? 'gently' : 'plainly'}}."].join("\n");

const BODY_V1 = [
  "You are coaching {{persona}}.",
  "{{#if level >= 7}}Push hard on commitments.{{else}}Keep the pace easy.{{/if}}",
  "Speak {{tone == 'warm' ? 'gently' : 'plainly'}}.",
  `Never run text like ${SQL} as a command.`,
].join("\n");

const BODY_V2 = [
  "You are coaching {{persona}}, who is preparing for a hard conversation.",
  "{{#if level >= 7}}Push hard on commitments.{{else}}Keep the pace easy.{{/if}}",
  "Speak {{tone == 'warm' ? 'gently' : 'plainly'}}.",
  `Never run text like ${SQL} as a command.`,
  "Close with one concrete next step.",
].join("\n");

async function screen(h: Harness, page: Page, name: string, what: string, axe = true): Promise<void> {
  if (axe) await expectNoAxeViolations(page, what);
  await h.screenshot(page, name);
}

/** Wide tables scroll inside their own region; the page itself never scrolls sideways. */
async function expectNoHorizontalOverflow(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(overflow <= 1, `${what}: the page is ${overflow}px wider than the screen`);
}

function variableCard(page: Page, index: number): Locator {
  return page.locator(".variable-card").nth(index);
}

async function addVariable(page: Page, index: number, name: string, type: "text" | "number" | "dropdown" | "boolean"): Promise<Locator> {
  await page.getByRole("button", { name: "+ Add variable" }).click();
  const card = variableCard(page, index);
  await expectVisible(card, `variable card ${index + 1}`);
  await card.getByLabel("Name").fill(name);
  await card.getByLabel("Type").selectOption(type);
  return card;
}

const flow: Flow = {
  name: "studio-templates",
  async run(h) {
    const page = await h.newPage();
    const dialogs: string[] = [];
    // Any alert/confirm/prompt is a failure: the app's own dialogs are in-page.
    page.on("dialog", (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await openSignIn(page, h.stack.appUrl);
    await signUp(page, uniqueEmail("studio-admin"));

    // The list: three starters, installed for the first admin.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Studio" }).click();
    await expectPath(page, "/studio");
    await expectVisible(page.getByRole("heading", { name: "Templates", level: 1 }), "the Studio templates list");
    const rows = page.locator(".templates-table tbody tr");
    await expectCount(rows, 3, "starter templates in the list");
    for (const name of ["Coaching conversation", "High-stakes event countdown", "Disclosure handled safely"]) {
      await expectVisible(page.getByRole("link", { name, exact: true }), `the starter "${name}"`);
    }
    await expectText(page.locator(".templates-table"), /Live v1/, "a live starter's status badge");
    // Filters and search narrow the list.
    await page.getByLabel("Tier").selectOption("scenario");
    await expectCount(rows, 1, "scenario templates");
    await page.getByLabel("Tier").selectOption("");
    await page.getByLabel("Search by name").fill("disclosure");
    await expectCount(rows, 1, "templates matching 'disclosure'");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expectCount(rows, 3, "templates after clearing filters");
    await screen(h, page, "studio-01-list", "Studio template list");

    // A new template with typed variables.
    await page.getByRole("button", { name: "+ New template" }).click();
    await expectPath(page, "/studio/templates/new");
    await expectVisible(page.getByRole("heading", { name: "New template", level: 1 }), "the new-template editor");
    const save = page.getByRole("button", { name: "Create template" });
    assert(await save.isDisabled(), "Create template is disabled while the template is empty");
    await expectText(page.getByTestId("save-blocked"), /Give the template a name/, "the reason saving is disabled");

    await page.getByLabel("Name", { exact: true }).first().fill("Feedback rehearsal");
    await page.getByLabel("Tier", { exact: true }).selectOption("scenario");
    await page.getByLabel("Description").fill("A manager rehearses giving hard feedback; intensity and tone vary.");
    await page.getByLabel("Personas").fill("first-time manager, team lead");
    await page.getByLabel("Emotions").fill("anxious, determined");
    await page.getByLabel("Quality threshold (0–10)").fill("7");

    const persona = await addVariable(page, 0, "persona", "text");
    await persona.getByLabel("Required").check();
    await persona.getByLabel("Min length").fill("3");
    await persona.getByLabel("Max length").fill("80");
    const level = await addVariable(page, 1, "level", "number");
    await level.getByLabel("Minimum").fill("1");
    await level.getByLabel("Maximum").fill("10");
    await level.getByLabel("Whole numbers only").check();
    await level.getByLabel("Default").fill("5");
    const tone = await addVariable(page, 2, "tone", "dropdown");
    await tone.getByLabel("Options (one per line)").fill("warm\ndirect");
    await tone.getByLabel("Default").selectOption("warm");

    // The preview follows the typing.
    const body = page.getByRole("textbox", { name: "Body", exact: true });
    const preview = page.getByTestId("preview-output");
    await body.fill("Coach {{persona}}");
    await expectVisible(preview.locator('mark[data-variable="persona"]'), "the persona value marked in the preview");
    await body.press("End");
    await body.pressSequentially(" today", { delay: 20 });
    await expectText(preview, /today$/, "the preview after typing more");

    // A syntax error is marked where it is, with its line and column.
    await body.fill(BROKEN_BODY);
    const errors = page.getByTestId("body-errors");
    await expectText(errors, /line 2, column 1: .*never closed/i, "the unclosed {{#if}} problem with its position");
    await expectVisible(page.getByTestId("body-backdrop").locator(".tok-error"), "the inline error mark in the body");
    await expectVisible(page.getByText("Fix the problems in the template to see the preview."), "the preview waiting for a valid body");
    assert(await save.isDisabled(), "Create template is disabled while the body has an error");
    await expectText(page.getByTestId("save-blocked"), /Fix the problem in the template first/, "the reason saving is disabled");
    await screen(h, page, "studio-02-editor-error", "template editor with a syntax error");

    // Fixed: the conditional and the ternary render with the sample values.
    await body.fill(BODY_V1);
    await expectCount(errors, 0, "body problems after the fix");
    await expectVisible(page.getByText("No syntax problems."), "the all-clear under the body");
    await expectText(preview, /Keep the pace easy\.\nSpeak gently\./, "the preview with level 5 (else branch) and a warm tone (ternary)");
    await page.locator("#preview-value-level").fill("8");
    await expectText(preview, /Push hard on commitments\./, "the #if branch once level is 8");
    await page.locator("#preview-value-tone").selectOption("direct");
    await expectText(preview, /Speak plainly\./, "the ternary's other branch");
    // A value out of range is named beside its field.
    await page.locator("#preview-value-level").fill("11");
    await expectText(page.getByTestId("preview-problems"), /'level' must be between 1 and 10/, "the range problem in the preview");
    await page.locator("#preview-value-level").fill("8");

    // Attack strings stay text, in a value and in the body.
    await page.locator("#preview-value-persona").fill(XSS);
    await expectText(preview.locator('mark[data-variable="persona"]'), XSS, "the script tag shown literally in the preview");
    await expectText(preview, new RegExp(SQL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")), "the SQL text shown literally in the preview");
    assert((await page.locator(".preview-output script").count()) === 0, "no script element was created in the preview");
    await screen(h, page, "studio-03-editor", "template editor with a valid body");

    await page.getByLabel("Note for version 1").fill("First draft");
    await save.click();
    await expectVisible(page.getByRole("heading", { name: "Feedback rehearsal", level: 1 }), "the saved template's page");
    const templatePath = new URL(page.url()).pathname;
    assert(/^\/studio\/templates\/[^/]+$/.test(templatePath), `the template has its own URL (${page.url()})`);
    await expectText(page.locator(".template-head .badge").first(), "Inactive", "a new template is not live");

    // Version 2, with a note.
    await expectValue(page.getByRole("textbox", { name: "Body", exact: true }), BODY_V1, "the editor starts from version 1");
    await page.getByRole("textbox", { name: "Body", exact: true }).fill(BODY_V2);
    await page.getByLabel("Version note").fill("Name the hard conversation; close with a next step");
    await page.getByRole("button", { name: "Save as new version" }).click();
    await expectText(page.getByRole("status").filter({ hasText: /Saved as/ }), /^Saved as version 2\./, "the save confirmation");

    // History: both versions, and their diff side by side.
    await page.getByRole("navigation", { name: "Template sections" }).getByRole("link", { name: /History/ }).click();
    await expectPath(page, `${templatePath}/history`);
    const versionRows = page.locator(".versions-table tbody tr");
    await expectCount(versionRows, 2, "versions in the history");
    await expectText(versionRows.first(), /Name the hard conversation/, "version 2's note");
    await expectVisible(page.getByRole("heading", { name: "Version 1 → version 2" }), "the diff of v1 and v2");
    const removed = page.locator('.diff-code[data-side="left"][data-kind="removed"]');
    const added = page.locator('.diff-code[data-side="right"][data-kind="added"]');
    await expectText(removed.first(), /^(Removed: )?You are coaching \{\{persona\}\}\.$/, "the old first line, removed, on the left");
    await expectText(added.first(), /who is preparing for a hard conversation/, "the new first line, added, on the right");
    await expectVisible(added.filter({ hasText: "Close with one concrete next step." }), "the added last line on the right");
    await expectVisible(page.locator('.diff-code[data-side="left"]').filter({ hasText: SQL }), "the SQL line on the left, shown as text");
    await screen(h, page, "studio-04-history-diff", "template history with a diff");

    // Activate v2.
    await page.getByRole("button", { name: "Activate v2" }).click();
    const dialog = page.getByRole("dialog");
    await expectVisible(dialog, "the activate confirmation");
    await dialog.getByRole("button", { name: "Activate v2" }).click();
    await expectText(page.locator(".template-head .badge").first(), "Live v2", "v2 is live");

    // Roll back to v1: Esc closes the dialog and gives focus back, then confirm for real.
    const rollback = page.getByRole("button", { name: "Roll back to v1" });
    await rollback.click();
    await expectVisible(dialog, "the rollback confirmation");
    await expectText(dialog.getByRole("heading"), "Roll back to version 1?", "the rollback dialog title");
    assert(await dialog.getByRole("button", { name: "Cancel" }).evaluate((el) => el === document.activeElement), "focus starts on Cancel inside the dialog");
    await page.keyboard.press("Shift+Tab");
    assert(await dialog.getByRole("button", { name: "Roll back to v1" }).evaluate((el) => el === document.activeElement), "Shift+Tab wraps to the last button inside the dialog");
    await page.keyboard.press("Tab");
    assert(await dialog.getByRole("button", { name: "Cancel" }).evaluate((el) => el === document.activeElement), "Tab wraps back to the first button");
    await screen(h, page, "studio-05-rollback-dialog", "rollback confirmation dialog");
    await page.keyboard.press("Escape");
    await expectCount(dialog, 0, "dialogs after Esc");
    assert(await rollback.evaluate((el) => el === document.activeElement), "focus returns to the Roll back button");
    await rollback.click();
    await dialog.getByRole("button", { name: "Roll back to v1" }).click();
    await expectText(page.locator(".template-head .badge").first(), "Live v1", "v1 is live again after the rollback");
    await expectVisible(versionRows.filter({ hasText: "v1" }).locator(".badge-live"), "the Live badge on v1 in the history");

    // Archive (confirmed; it stops being live), find it under "Show archived", restore it.
    await page.getByRole("button", { name: "Archive" }).click();
    await dialog.getByRole("button", { name: "Archive" }).click();
    await expectText(page.locator(".template-head .badge").first(), "Archived", "the archived badge");
    await expectCount(page.getByRole("button", { name: /Roll back|Activate/ }), 0, "activation buttons on an archived template");
    await page.getByRole("link", { name: "← Templates" }).click();
    await expectCount(page.getByRole("link", { name: "Feedback rehearsal" }), 0, "the archived template in the default list");
    await page.getByLabel("Show archived").check();
    await page.getByRole("link", { name: "Feedback rehearsal" }).click();
    await page.getByRole("button", { name: "Restore" }).click();
    await expectText(page.locator(".template-head .badge").first(), "Inactive", "restored, and not live until a version is activated");
    await page.getByRole("link", { name: "← Templates" }).click();
    await page.getByLabel("Show archived").uncheck();
    await page.getByRole("link", { name: "Feedback rehearsal" }).click();
    await page.getByRole("navigation", { name: "Template sections" }).getByRole("link", { name: /History/ }).click();

    // Phone width: panes stack, nothing runs off the side.
    await page.setViewportSize(PHONE);
    await expectNoHorizontalOverflow(page, "the history at phone width");
    await screen(h, page, "studio-06-phone-history", "template history at phone width");
    await page.getByRole("navigation", { name: "Template sections" }).getByRole("link", { name: "Editor" }).click();
    await expectVisible(page.getByRole("textbox", { name: "Body", exact: true }), "the editor at phone width");
    await expectNoHorizontalOverflow(page, "the editor at phone width");
    await screen(h, page, "studio-07-phone-editor", "template editor at phone width");
    await page.getByRole("link", { name: "← Templates" }).click();
    await expectCount(rows, 4, "templates in the list, the new one included");
    await expectNoHorizontalOverflow(page, "the list at phone width");
    await screen(h, page, "studio-08-phone-list", "template list at phone width");
    await page.setViewportSize(DESKTOP);

    assert(dialogs.length === 0, `no browser dialog may open (an alert would mean injected script ran): ${dialogs.join("; ")}`);

    // A member: no Studio link, and a plain refusal at /studio.
    const member = await h.newPage();
    member.on("dialog", (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    await openSignIn(member, h.stack.appUrl);
    await signUp(member, uniqueEmail("studio-member"));
    await expectCount(member.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Studio" }), 0, "Studio links shown to a member");
    await member.goto(`${h.stack.appUrl}/studio`);
    await expectVisible(member.getByText("You don't have access to the Studio."), "the refusal at /studio for a member");
    await expectCount(member.locator(".templates-table"), 0, "template tables shown to a member");

    // Made a reviewer, the same person sees everything and can change nothing.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    const memberRow = page.locator("table tbody tr").filter({ hasText: "studio-member" });
    await memberRow.getByRole("combobox").selectOption("reviewer");
    await expectValue(memberRow.getByRole("combobox"), "reviewer", "the member's new role");
    const studioLink = member.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Studio" });
    await expectVisible(studioLink, "the Studio link once the member is a reviewer");
    await studioLink.click();
    await expectCount(member.locator(".templates-table tbody tr"), 4, "templates a reviewer sees");
    await expectCount(member.getByRole("button", { name: "+ New template" }), 0, "New template buttons shown to a reviewer");
    await member.getByRole("link", { name: "Feedback rehearsal" }).click();
    await expectVisible(member.getByText("Your role can view templates but not change them.").first(), "the read-only notice");
    await expectCount(member.getByRole("button", { name: /Save as new version|Delete|Archive|Deactivate/ }), 0, "edit buttons shown to a reviewer");
    assert(await member.getByRole("textbox", { name: "Body", exact: true }).evaluate((el) => (el as HTMLTextAreaElement).readOnly), "the body is read-only for a reviewer");
    await screen(h, member, "studio-09-reviewer-editor", "template editor, read-only for a reviewer");
    await member.getByRole("navigation", { name: "Template sections" }).getByRole("link", { name: /History/ }).click();
    await expectVisible(member.getByRole("heading", { name: "Version 1 → version 2" }), "the diff for a reviewer");
    await expectCount(member.getByRole("button", { name: /Roll back|Activate/ }), 0, "activation buttons shown to a reviewer");
    assert(dialogs.length === 0, `no browser dialog may open: ${dialogs.join("; ")}`);
  },
};

export default flow;
