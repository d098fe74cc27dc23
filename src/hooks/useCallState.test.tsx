import { act, renderHook, waitFor } from "@testing-library/react";
import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import { useCallState } from "./useCallState";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("useCallState", () => {
  test("is busy while the call runs and returns its result", async () => {
    const pending = deferred<string>();
    const { result } = renderHook(() => useCallState((x: number) => pending.promise.then((v) => `${v}${x}`)));
    expect(result.current.busy).toBe(false);
    let outcome: Promise<string | undefined> | undefined;
    act(() => {
      outcome = result.current.run(1);
    });
    await waitFor(() => expect(result.current.busy).toBe(true));
    await act(async () => pending.resolve("ok"));
    await expect(outcome).resolves.toBe("ok1");
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBeNull();
  });

  test("maps a coded error to friendly text and resolves to undefined", async () => {
    const { result } = renderHook(() =>
      useCallState(() => Promise.reject(new ConvexError({ code: "LIMIT_REACHED", message: "You have 3 active sessions." }))),
    );
    let outcome: unknown = "unset";
    await act(async () => {
      outcome = await result.current.run();
    });
    expect(outcome).toBeUndefined();
    expect(result.current.error).toEqual({ code: "LIMIT_REACHED", message: "You have 3 active sessions." });
    expect(result.current.busy).toBe(false);
    act(() => result.current.clear());
    expect(result.current.error).toBeNull();
  });

  test("an uncoded error becomes the generic message, and the next call clears it", async () => {
    let fail = true;
    const { result } = renderHook(() => useCallState(() => (fail ? Promise.reject(new Error("boom [Request ID: r1]")) : Promise.resolve(1))));
    await act(async () => void (await result.current.run()));
    expect(result.current.error).toMatchObject({ code: "UNKNOWN", requestId: "r1" });
    fail = false;
    await act(async () => void (await result.current.run()));
    expect(result.current.error).toBeNull();
  });

  test("ignores a second call while the first is in flight", async () => {
    const pending = deferred<number>();
    let calls = 0;
    const { result } = renderHook(() =>
      useCallState(() => {
        calls++;
        return pending.promise;
      }),
    );
    let first: Promise<number | undefined> | undefined;
    let second: Promise<number | undefined> | undefined;
    act(() => {
      first = result.current.run();
      second = result.current.run();
    });
    await expect(second).resolves.toBeUndefined();
    await act(async () => pending.resolve(7));
    await expect(first).resolves.toBe(7);
    expect(calls).toBe(1);
  });
});
