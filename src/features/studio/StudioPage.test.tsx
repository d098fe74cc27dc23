import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { ConvexError } from "convex/values";
import { getFunctionName } from "convex/server";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import StudioPage from "./StudioPage";
import { useTemplateFilters } from "./filters";

// Convex hooks are replaced by fakes keyed by function name.
const paginated = vi.fn();
const queries = vi.fn();
const mutations: Record<string, ReturnType<typeof vi.fn>> = {};
vi.mock("convex/react", () => ({
  usePaginatedQuery: (ref: unknown, args: unknown) => paginated(getFunctionName(ref as never), args),
  useQuery: (ref: unknown, args: unknown) => queries(getFunctionName(ref as never), args),
  useMutation: (ref: unknown) => (mutations[getFunctionName(ref as never)] ??= vi.fn().mockResolvedValue(null)),
}));

const ADMIN = ["coaching.use", "studio.templates.view", "studio.templates.edit", "studio.generate", "studio.review", "studio.export"];
const REVIEWER = ["coaching.use", "studio.templates.view", "studio.review", "studio.export"];
const MEMBER = ["coaching.use"];

const T0 = Date.UTC(2026, 10, 20, 9);
const template = {
  _id: "t1",
  _creationTime: 1,
  name: "Feedback rehearsal",
  description: "Practise hard feedback",
  tier: "scenario",
  purpose: "generation",
  personas: ["team lead"],
  emotions: ["anxious"],
  styleNotes: "",
  exampleConversation: "",
  qualityThreshold: 7,
  nameKey: "feedback rehearsal",
  activeVersionId: "v1",
  active: true,
  archived: false,
  latestVersion: 2,
  usageCount: 12,
  qualitySum: 0,
  qualityCount: 0,
  averageQuality: -1,
  createdBy: "u1",
  createdAt: T0,
  updatedBy: "u1",
  updatedAt: T0,
  activeVersion: 1,
  updatedByEmail: "ada@example.com",
};
const version = (n: number, body: string) => ({
  _id: `v${n}`,
  _creationTime: n,
  templateId: "t1",
  version: n,
  body,
  variables: [{ name: "persona", type: "text", required: true }],
  note: `note ${n}`,
  usageCount: n,
  createdBy: "u1",
  createdAt: T0 + n,
  createdByEmail: "ada@example.com",
});
const DETAIL = { template, versions: [version(2, "Hi {{persona}}, again"), version(1, "Hi {{persona}}")], historyTruncated: false };

function goTo(path: string) {
  window.history.pushState(null, "", path);
}

beforeEach(() => {
  useTemplateFilters.getState().reset();
  paginated.mockImplementation(() => ({ results: [template], status: "Exhausted", loadMore: vi.fn() }));
  queries.mockImplementation((name: string) => {
    if (name === "studio/templates/browse:getTemplate") return DETAIL;
    if (name === "studio/templates/browse:diffVersions") {
      return {
        from: { version: 1, note: "note 1" },
        to: { version: 2, note: "note 2" },
        body: [
          { kind: "removed", text: "Hi {{persona}}" },
          { kind: "added", text: "Hi {{persona}}, again" },
        ],
        variables: [
          { kind: "added", name: "tone", after: { name: "tone", type: "dropdown", required: true, options: ["warm", "direct"] } },
          { kind: "changed", name: "level", fields: [{ field: "max", before: "10", after: "12" }] },
        ],
        settings: [{ field: "temperature", before: "—", after: "0.7" }],
        stats: { linesAdded: 1, linesRemoved: 1 },
      };
    }
    return undefined;
  });
});
afterEach(() => {
  cleanup();
  for (const key of Object.keys(mutations)) delete mutations[key];
});

describe("Studio access", () => {
  test("a member is told plainly, and no template is queried", () => {
    goTo("/studio");
    render(<StudioPage permissions={MEMBER} />);
    expect(screen.getByText("You don't have access to the Studio.")).toBeTruthy();
    expect(paginated).not.toHaveBeenCalled();
  });

  test("a reviewer sees the list without the New template button", () => {
    goTo("/studio");
    render(<StudioPage permissions={REVIEWER} />);
    expect(screen.getByRole("link", { name: "Feedback rehearsal" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "+ New template" })).toBeNull();
    expect(screen.getByText("Your role can view templates but not change them.")).toBeTruthy();
    // Unscored quality shows a dash, not -1.
    const row = screen.getAllByRole("row")[1];
    expect(within(row).getByText("—")).toBeTruthy();
    expect(within(row).getByText("Live v1")).toBeTruthy();
  });

  test("a reviewer's editor is read-only: fields disabled, no save, no lifecycle actions", () => {
    goTo("/studio/templates/t1");
    render(<StudioPage permissions={REVIEWER} />);
    expect(screen.getByLabelText("Name", { selector: "#tpl-name" }).matches(":disabled")).toBe(true);
    expect((screen.getByRole("textbox", { name: "Body" }) as HTMLTextAreaElement).readOnly).toBe(true);
    expect(screen.queryByRole("button", { name: /Save as new version/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
    expect(screen.queryByRole("button", { name: "+ Add variable" })).toBeNull();
  });

  test("a reviewer's history has the diff but no activate buttons", () => {
    goTo("/studio/templates/t1/history");
    render(<StudioPage permissions={REVIEWER} />);
    expect(screen.getByRole("heading", { name: "Version 1 → version 2" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Roll back|Activate/ })).toBeNull();
    // Older on the left, newer on the right.
    const [left, right] = [document.querySelector('[data-side="left"]'), document.querySelector('[data-side="right"]')];
    expect(left?.getAttribute("data-kind")).toBe("removed");
    expect(left?.textContent).toBe("Removed: Hi {{persona}}");
    expect(right?.getAttribute("data-kind")).toBe("added");
    expect(right?.textContent).toBe("Added: Hi {{persona}}, again");
    expect(screen.getByTestId("variable-changes").textContent).toBe("Added tone (dropdown, required)Changed level: max 10 → 12");
    expect(screen.getByText(/temperature/).closest("li")?.textContent).toBe("Changed temperature: — → 0.7");
  });
});

describe("Studio filters", () => {
  test("filters become listTemplates arguments", async () => {
    goTo("/studio");
    render(<StudioPage permissions={ADMIN} />);
    fireEvent.change(screen.getByLabelText("Tier"), { target: { value: "edge_case" } });
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "inactive" } });
    fireEvent.click(screen.getByLabelText("Show archived"));
    await waitFor(() =>
      expect(paginated).toHaveBeenLastCalledWith("studio/templates/browse:listTemplates", {
        tier: "edge_case",
        active: false,
        archived: true,
        sort: "updated",
        order: "desc",
      }),
    );
  });

  test("the starter action appears only when there are no templates at all", () => {
    paginated.mockImplementation(() => ({ results: [], status: "Exhausted", loadMore: vi.fn() }));
    goTo("/studio");
    render(<StudioPage permissions={ADMIN} />);
    fireEvent.click(screen.getByRole("button", { name: "Install starter templates" }));
    expect(mutations["studio/templates/starters:installStarterTemplates"]).toHaveBeenCalledWith({});
  });
});

describe("Studio dialogs", () => {
  test("delete refused with CONFLICT shows the code and the server's advice in the dialog", async () => {
    goTo("/studio/templates/t1");
    render(<StudioPage permissions={ADMIN} />);
    mutations["studio/templates/manage:deleteTemplate"] = vi
      .fn()
      .mockRejectedValue(new ConvexError({ code: "CONFLICT", message: "Generated conversations depend on this template, so it can't be deleted. Archive it instead." }));
    const opener = screen.getByRole("button", { name: "Delete" });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole("dialog");
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Cancel" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Delete template" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toMatch(/^CONFLICT .*Archive it instead\.$/);
    // Esc closes, and focus returns to the button that opened it.
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Delete" }));
  });

  test("rolling back activates the older version after confirming", async () => {
    goTo("/studio/templates/t1/history");
    render(<StudioPage permissions={ADMIN} />);
    // v1 is live, so v2 is an activation, not a rollback.
    fireEvent.click(screen.getByRole("button", { name: "Activate v2" }));
    fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Activate v2" }));
    await waitFor(() => expect(mutations["studio/templates/manage:activateVersion"]).toHaveBeenCalledWith({ versionId: "v2" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  test("saving a version sends the typed variables and the note; a refusal shows its code beside the button", async () => {
    goTo("/studio/templates/t1");
    render(<StudioPage permissions={ADMIN} />);
    mutations["studio/templates/manage:saveVersion"] = vi
      .fn()
      .mockRejectedValue(new ConvexError({ code: "INVALID_INPUT", message: "The note is too long.", field: "note" }));
    fireEvent.change(screen.getByRole("textbox", { name: "Body" }), { target: { value: "Hello {{persona}}" } });
    fireEvent.change(screen.getByLabelText("Version note"), { target: { value: "Warmer" } });
    fireEvent.click(screen.getByRole("button", { name: "Save as new version" }));
    await waitFor(() =>
      expect(mutations["studio/templates/manage:saveVersion"]).toHaveBeenCalledWith({
        templateId: "t1",
        body: "Hello {{persona}}",
        variables: [{ name: "persona", type: "text", required: true }],
        note: "Warmer",
      }),
    );
    expect((await screen.findByRole("alert")).textContent).toBe("INVALID_INPUT The note is too long.");
  });

  test("a draft survives a visit to the History tab", () => {
    goTo("/studio/templates/t1");
    const { rerender } = render(<StudioPage permissions={ADMIN} />);
    fireEvent.change(screen.getByRole("textbox", { name: "Body" }), { target: { value: "Draft {{persona}}" } });
    expect(screen.getByText("Unsaved changes")).toBeTruthy();
    goTo("/studio/templates/t1/history");
    rerender(<StudioPage permissions={ADMIN} />);
    expect(screen.getByRole("heading", { name: "History" })).toBeTruthy();
    expect(screen.queryByRole("textbox", { name: "Body" })).toBeNull();
    goTo("/studio/templates/t1");
    rerender(<StudioPage permissions={ADMIN} />);
    expect((screen.getByRole("textbox", { name: "Body" }) as HTMLTextAreaElement).value).toBe("Draft {{persona}}");
  });

  test("Save is disabled with the reason while the body has a syntax error", () => {
    goTo("/studio/templates/t1");
    render(<StudioPage permissions={ADMIN} />);
    fireEvent.change(screen.getByRole("textbox", { name: "Body" }), { target: { value: "{{#if persona}}x" } });
    const save = screen.getByRole("button", { name: "Save as new version" }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    expect(document.getElementById(save.getAttribute("aria-describedby") ?? "")?.textContent).toMatch(/Fix the problem in the template first/);
  });
});
