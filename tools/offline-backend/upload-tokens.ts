/**
 * Tokens of upload URLs (`ctx.storage.generateUploadUrl()`), so that files
 * are stored only through URLs a function generated, as on Convex:
 *   `<deployment url>/api/storage/upload?token=<token>`.
 *
 * Convex's token is an encrypted, authenticated blob holding its issue time;
 * it is refused after an hour (crates/keybroker/src/broker.rs
 * `check_store_file_authorization`, crates/local_backend/src/storage.rs
 * `STORE_FILE_AUTHORIZATION_VALIDITY`). Ours is `<payload>.<HMAC-SHA256>`
 * with a random nonce and the issue time, under a key derived from the
 * deployment's admin key (so URLs survive a restart of the backend, as they
 * survive Convex deploys). One difference, on the strict side: a token is
 * accepted once (Convex's are stateless, so reusable within the hour); the
 * used nonces are kept in memory until the token would expire.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { UPLOAD_TOKEN_VALIDITY_MS } from "./convex-test-adapter";

export type UploadTokenCheck =
  | { ok: true }
  /** HTTP status and Convex's `{code, message}` body. */
  | { ok: false; status: number; code: string; message: string };

export class UploadTokens {
  private readonly key: Buffer;
  /** nonce -> when its token expires (ms). */
  private readonly used = new Map<string, number>();

  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
    private readonly validityMs = UPLOAD_TOKEN_VALIDITY_MS,
  ) {
    this.key = createHash("sha256").update(`framewise-offline-backend/upload-token/${secret}`).digest();
  }

  issue(): string {
    const payload = Buffer.from(JSON.stringify({ iat: this.now(), n: randomBytes(16).toString("hex") })).toString("base64url");
    return `${payload}.${this.sign(payload)}`;
  }

  /** Checks a token and, if valid, uses it up. */
  consume(token: string | null): UploadTokenCheck {
    if (token === null) {
      // axum's `Query` rejection, as Convex's extractor words it (BadQueryArgs, 400).
      return { ok: false, status: 400, code: "BadQueryArgs", message: "Failed to deserialize query string: missing field `token`" };
    }
    const invalid = { ok: false as const, status: 401, code: "StorageTokenInvalid", message: "Couldn't decode the StoreFileAuthorization token" };
    const [payload, signature, extra] = token.split(".");
    if (payload === undefined || signature === undefined || extra !== undefined) return invalid;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return invalid;
    let claims: { iat?: unknown; n?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as typeof claims;
    } catch {
      return invalid;
    }
    if (typeof claims.iat !== "number" || typeof claims.n !== "string") return invalid;
    const now = this.now();
    const expiresAt = claims.iat + this.validityMs;
    if (expiresAt <= now) return { ok: false, status: 401, code: "StorageTokenExpired", message: "Store File Authorization expired" };
    this.prune(now);
    if (this.used.has(claims.n)) {
      return { ok: false, status: 401, code: "StorageTokenUsed", message: "This upload URL was already used; generate a new one for each upload" };
    }
    this.used.set(claims.n, expiresAt);
    return { ok: true };
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest("base64url");
  }

  private prune(now: number): void {
    for (const [nonce, expiresAt] of this.used) if (expiresAt <= now) this.used.delete(nonce);
  }
}
