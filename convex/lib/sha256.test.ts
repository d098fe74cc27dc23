import { describe, expect, test } from "vitest";
import { sha256Hex } from "./sha256";

describe("sha256", () => {
  test("matches the FIPS 180-4 test vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  test("agrees with Web Crypto on padding edges and multi-byte text", async () => {
    for (const text of ["x".repeat(55), "x".repeat(56), "x".repeat(64), "x".repeat(1000), "héllo wörld 🚀", "k57b9x0aq3v4m2n1"]) {
      const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
      const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
      expect(sha256Hex(text)).toBe(hex);
    }
  });
});
