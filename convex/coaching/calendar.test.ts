import { describe, expect, test } from "vitest";
import { isTimeZone, localDay, normalizeTimeZone, todayLine } from "./calendar";

const NOW = Date.UTC(2026, 10, 29, 23, 30); // Sunday 29 November 2026, 23:30 UTC

describe("the person's calendar", () => {
  test("today in their time zone, as an ISO day and a label", () => {
    expect(localDay(NOW, "Europe/London")).toEqual({ iso: "2026-11-29", label: "Sunday, 29 November 2026" });
    expect(localDay(NOW, "Pacific/Auckland")).toEqual({ iso: "2026-11-30", label: "Monday, 30 November 2026" });
    expect(localDay(Date.UTC(2026, 0, 1, 3), "America/Los_Angeles")).toEqual({ iso: "2025-12-31", label: "Wednesday, 31 December 2025" });
  });

  test("the prompt line", () => {
    expect(todayLine(NOW, "Europe/London")).toBe("Today is Sunday, 29 November 2026 (time zone Europe/London).");
  });

  test("unknown zones fall back to UTC (or the session's zone)", () => {
    for (const bad of ["", "Mars/Olympus", "x".repeat(80), undefined, 42]) {
      expect(isTimeZone(bad)).toBe(false);
      expect(normalizeTimeZone(bad)).toBe("UTC");
    }
    expect(normalizeTimeZone("Nope/Nope", "Asia/Tokyo")).toBe("Asia/Tokyo");
    expect(normalizeTimeZone("Nope/Nope", "Nope/Either")).toBe("UTC");
    expect(localDay(NOW, "Nope/Nope").iso).toBe("2026-11-29");
  });
});
