import { expect, test } from "vitest";
import { wholeNumber } from "./numbers";

test.each([-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 91])("refuses %s", (value) => {
  expect(() => wholeNumber(value, "days", 1, 90)).toThrow(
    expect.objectContaining({ data: { code: "INVALID_INPUT", message: "days must be a whole number from 1 to 90.", field: "days" } }),
  );
});

test("accepts the bounds", () => {
  expect(wholeNumber(1, "days", 1, 90)).toBe(1);
  expect(wholeNumber(90, "days", 1, 90)).toBe(90);
});
