import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { getFunctionName } from "convex/server";
import { ConvexError } from "convex/values";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { emptyCardCounts } from "../../../../convex/studio/export/card";
import { ExportPage } from "./ExportPage";

const start = vi.fn();
const finish = vi.fn();
const page = vi.fn();
vi.mock("convex/react", () => ({
  useConvex: () => ({ query: (ref: unknown, args: unknown) => page(getFunctionName(ref as never), args) }),
  useMutation: (ref: unknown) => (getFunctionName(ref as never).endsWith("startExport") ? start : finish),
  useQuery: (ref: unknown) =>
    getFunctionName(ref as never).endsWith("listTemplates") ? { page: [{ _id: "t1", name: "Coaching conversation" }], isDone: true, continueCursor: "" } : undefined,
}));

afterEach(cleanup);
beforeEach(() => {
  vi.clearAllMocks();
  URL.createObjectURL = vi.fn((blob: Blob) => `blob:${(blob as Blob).size}`);
  URL.revokeObjectURL = vi.fn();
});

describe("ExportPage", () => {
  test("the options form becomes startExport/exportPage args; pages run to the end and each file gets a download link", async () => {
    start.mockResolvedValue({ exportId: "e1", options: {} });
    const counts = { ...emptyCardCounts(), exported: 1, train: 1, frameworks: [{ key: "GROW", train: 1, validation: 0 }] };
    counts.scores.unscored = 1;
    page.mockResolvedValue({ lines: [{ split: "train", line: '{"messages":[]}' }], provenance: [{ file: "train.jsonl", line: 1 }], cardCounts: counts, invalidLines: 0, scanned: 3, nextCursor: null, isDone: true });
    finish.mockResolvedValue({ readme: "# Dataset\n1 exported", exported: 1 });
    render(<ExportPage />);

    fireEvent.click(screen.getByLabelText(/Amazon Bedrock/));
    expect(screen.getByTestId("export-example").textContent).toMatch(/^\{"system":/);
    fireEvent.change(screen.getByLabelText("Template"), { target: { value: "t1" } });
    fireEvent.change(screen.getByLabelText("Framework"), { target: { value: "GROW" } });
    fireEvent.change(screen.getByLabelText("Minimum score (0–10)"), { target: { value: "7" } });
    fireEvent.change(screen.getByLabelText("Created from (UTC)"), { target: { value: "2026-11-01" } });
    fireEvent.change(screen.getByLabelText("Token cap per record"), { target: { value: "3000" } });
    fireEvent.change(screen.getByLabelText("Validation share (%)"), { target: { value: "20" } });
    fireEvent.click(screen.getByLabelText(/Include near-duplicates/));
    fireEvent.click(screen.getByLabelText("Include the coach's system prompt"));
    fireEvent.click(screen.getByRole("button", { name: "Export" }));

    await screen.findByText("Download README.md");
    const options = {
      includeSystemPrompt: false,
      includeDuplicates: true,
      maxTokens: 3000,
      validationPercent: 20,
      filters: { templateId: "t1", framework: "GROW", minScore: 7, from: Date.UTC(2026, 10, 1) },
    };
    expect(start).toHaveBeenCalledWith({ format: "bedrock", options });
    expect(page).toHaveBeenCalledWith("studio/export/exports:exportPage", { format: "bedrock", options, cursor: null, offsets: { train: 0, validation: 0 } });
    expect(finish).toHaveBeenCalledWith({ exportId: "e1", counts });
    expect(screen.getAllByRole("link").map((a) => a.getAttribute("download"))).toEqual(["train.jsonl", "validation.jsonl", "provenance.jsonl", "README.md"]);
    expect(screen.getByTestId("export-progress").textContent).toBe("1 page · 3 conversations read · 1 exported (1 train, 0 validation) · 0 invalid lines");
  });

  test("a refused option shows beside the button with its code; bad input is refused before anything is sent", async () => {
    render(<ExportPage />);
    fireEvent.change(screen.getByLabelText("Validation share (%)"), { target: { value: "80" } });
    fireEvent.click(screen.getByRole("button", { name: "Export" }));
    expect(screen.getByRole("alert").textContent).toMatch(/^INVALID_INPUT The validation share is 0 to 50 %/);
    expect(start).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText("Validation share (%)"), { target: { value: "10" } });
    start.mockRejectedValue(new ConvexError({ code: "NOT_FOUND", message: "That batch doesn't exist.", field: "options.filters.batchId" }));
    fireEvent.change(screen.getByLabelText("Batch"), { target: { value: "b-gone" } });
    fireEvent.click(screen.getByRole("button", { name: "Export" }));
    await waitFor(() => expect(screen.getAllByText(/That batch doesn't exist/).length).toBeGreaterThan(0));
    expect(screen.getByRole("alert").textContent).toMatch(/^NOT_FOUND/);
  });
});
