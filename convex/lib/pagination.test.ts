import { describe, expect, test } from "vitest";
import { MAX_PAGE_SIZE, checkPagination, paginateChecked } from "./pagination";

describe("checkPagination", () => {
  test.each([0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_PAGE_SIZE + 1])("refuses numItems %s", (numItems) => {
    expect(() => checkPagination({ numItems, cursor: null })).toThrow(
      expect.objectContaining({ data: expect.objectContaining({ code: "INVALID_INPUT", field: "paginationOpts" }) }),
    );
  });

  test.each(["", "nul\u0000", "lone \uD800 surrogate", "x".repeat(8193)])("refuses cursor %j", (cursor) => {
    expect(() => checkPagination({ numItems: 5, cursor })).toThrow(
      expect.objectContaining({ data: expect.objectContaining({ code: "INVALID_INPUT" }) }),
    );
  });

  test("accepts a first page and a plausible cursor", () => {
    expect(checkPagination({ numItems: 1, cursor: null })).toEqual({ numItems: 1, cursor: null });
    expect(checkPagination({ numItems: MAX_PAGE_SIZE, cursor: "[\"\\\"a name with spaces\\\"\"]" }).numItems).toBe(MAX_PAGE_SIZE);
  });

  test("a cursor the engine cannot read becomes INVALID_INPUT; other errors pass through", async () => {
    const broken = () => Promise.reject(new SyntaxError("Unexpected token"));
    await expect(paginateChecked({ numItems: 5, cursor: "zzz" }, broken)).rejects.toMatchObject({ data: { code: "INVALID_INPUT" } });
    await expect(paginateChecked({ numItems: 5, cursor: null }, broken)).rejects.toThrow(SyntaxError);
  });
});
