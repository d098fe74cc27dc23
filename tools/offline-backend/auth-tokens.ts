/**
 * Turns what clients send (a user JWT, an admin key, or nothing) into the
 * identity functions see through `ctx.auth.getUserIdentity()`, as the real
 * backend does from `convex/auth.config.ts`:
 *   - a user token must be a JWT from a configured provider: `iss` equals the
 *     provider's `domain` (Convex Auth: CONVEX_SITE_URL), `aud` its
 *     `applicationID` ("convex"), signed by a key of the provider's JWKS and
 *     not expired;
 *   - the identity is {subject: sub, issuer: iss, tokenIdentifier:
 *     `${iss}|${sub}`} plus the standard OIDC claims, renamed as
 *     `UserIdentity` names them, plus custom claims.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";

export type Identity = {
  subject: string;
  issuer: string;
  tokenIdentifier: string;
  [claim: string]: unknown;
};

export type Authentication =
  | { kind: "none" }
  | { kind: "user"; identity: Identity; token: string; expiresAt: number | null }
  | { kind: "admin"; identity: Identity | null };

export type AuthResult = { ok: true; auth: Authentication } | { ok: false; message: string };

/** A provider entry of `auth.config.ts`. */
export type AuthProviderConfig =
  | { domain?: string; applicationID?: string; type?: undefined }
  | { type: "customJwt"; issuer: string; jwks: string; algorithm?: string; applicationID?: string };

interface Provider {
  issuer: string;
  audience: string | undefined;
  algorithms: string[] | undefined;
  keys: JWTVerifyGetKey;
  describe: string;
}

const CLAIM_TO_ATTRIBUTE: Record<string, string> = {
  name: "name",
  given_name: "givenName",
  family_name: "familyName",
  nickname: "nickname",
  preferred_username: "preferredUsername",
  profile: "profileUrl",
  picture: "pictureUrl",
  email: "email",
  email_verified: "emailVerified",
  gender: "gender",
  birthdate: "birthday",
  zoneinfo: "timezone",
  locale: "language",
  phone_number: "phoneNumber",
  phone_number_verified: "phoneNumberVerified",
  address: "address",
  updated_at: "updatedAt",
};
const REGISTERED_CLAIMS = new Set(["iss", "sub", "aud", "exp", "iat", "nbf", "jti"]);

export const TOKEN_NOT_VERIFIED =
  "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.";

export class TokenVerifier {
  private readonly providers: Provider[];

  constructor(options: {
    providers: AuthProviderConfig[];
    siteUrl: string;
    /** The `JWKS` env var: used for the provider served by this backend's site. */
    jwks: string | undefined;
    adminKey: string;
  }) {
    this.adminKey = options.adminKey;
    this.providers = options.providers.flatMap((config) => {
      if (config.type === "customJwt") {
        return [
          {
            issuer: stripSlash(config.issuer),
            audience: config.applicationID,
            algorithms: config.algorithm ? [config.algorithm] : undefined,
            keys: jwksFromUrlOrData(config.jwks),
            describe: `CustomJWT(issuer=${config.issuer})`,
          },
        ];
      }
      if (!config.domain) return [];
      const issuer = stripSlash(config.domain);
      const servedHere = issuer === stripSlash(options.siteUrl) && options.jwks !== undefined;
      return [
        {
          issuer,
          audience: config.applicationID,
          algorithms: undefined,
          keys: servedHere
            ? createLocalJWKSet(JSON.parse(options.jwks as string) as JSONWebKeySet)
            : discoveredJwks(issuer),
          describe: `OIDC(domain=${config.domain}, app_id=${config.applicationID ?? ""})`,
        },
      ];
    });
  }

  private readonly adminKey: string;

  async verifyUserToken(token: string): Promise<AuthResult> {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      return { ok: false, message: "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts." };
    }
    const audiences = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const provider = this.providers.find(
      (p) =>
        p.issuer === stripSlash(claims.iss ?? "") && (p.audience === undefined || audiences.includes(p.audience)),
    );
    if (provider === undefined) {
      return {
        ok: false,
        message:
          "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: " +
          `[${this.providers.map((p) => p.describe).join(", ")}]`,
      };
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, provider.keys, {
        issuer: claims.iss,
        audience: provider.audience,
        algorithms: provider.algorithms,
      }));
    } catch {
      return { ok: false, message: TOKEN_NOT_VERIFIED };
    }
    if (typeof payload.sub !== "string" || typeof payload.iss !== "string") {
      return { ok: false, message: TOKEN_NOT_VERIFIED };
    }
    return {
      ok: true,
      auth: {
        kind: "user",
        identity: identityFromClaims(payload),
        token,
        expiresAt: typeof payload.exp === "number" ? payload.exp * 1000 : null,
      },
    };
  }

  verifyAdminKey(key: string, impersonating?: Record<string, unknown>): AuthResult {
    if (key !== this.adminKey) {
      return { ok: false, message: "The provided admin key was invalid for this instance" };
    }
    if (impersonating === undefined) return { ok: true, auth: { kind: "admin", identity: null } };
    const subject = String(impersonating.subject ?? "");
    const issuer = String(impersonating.issuer ?? "");
    return {
      ok: true,
      auth: {
        kind: "admin",
        identity: {
          ...impersonating,
          subject,
          issuer,
          tokenIdentifier: String(impersonating.tokenIdentifier ?? `${issuer}|${subject}`),
        },
      },
    };
  }

  /** `Authorization` header of HTTP requests: `Bearer <jwt>` or `Convex <admin key>[:<base64 identity>]`. */
  async fromAuthorizationHeader(header: string | undefined): Promise<AuthResult> {
    if (header === undefined || header.trim() === "") return { ok: true, auth: { kind: "none" } };
    const [scheme, ...rest] = header.trim().split(" ");
    const value = rest.join(" ").trim();
    if (scheme?.toLowerCase() === "bearer") return this.verifyUserToken(value);
    if (scheme === "Convex") {
      const [key = "", encodedIdentity] = value.split(":");
      let impersonating: Record<string, unknown> | undefined;
      if (encodedIdentity !== undefined) {
        try {
          impersonating = JSON.parse(Buffer.from(encodedIdentity, "base64").toString("utf8")) as Record<string, unknown>;
        } catch {
          return { ok: false, message: "Invalid acting-as identity in the admin key" };
        }
      }
      return this.verifyAdminKey(key, impersonating);
    }
    return { ok: false, message: "Authorization header must be `Bearer <token>` or `Convex <admin key>`" };
  }
}

export function identityFromClaims(claims: JWTPayload): Identity {
  const identity: Identity = {
    subject: claims.sub as string,
    issuer: claims.iss as string,
    tokenIdentifier: `${claims.iss as string}|${claims.sub as string}`,
  };
  for (const [claim, value] of Object.entries(claims)) {
    if (REGISTERED_CLAIMS.has(claim) || value === undefined) continue;
    identity[CLAIM_TO_ATTRIBUTE[claim] ?? claim] = value;
  }
  return identity;
}

/** Stable key of what functions can observe about the caller (for query deduplication). */
export function identityKey(auth: Authentication): string {
  if (auth.kind === "none" || (auth.kind === "admin" && auth.identity === null)) return "";
  return stableStringify(auth.identity);
}

function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function jwksFromUrlOrData(jwks: string): JWTVerifyGetKey {
  if (jwks.startsWith("data:")) {
    const [, payload = ""] = jwks.split(",", 2);
    const json = jwks.includes(";base64,") ? Buffer.from(payload, "base64").toString("utf8") : decodeURIComponent(payload);
    return createLocalJWKSet(JSON.parse(json) as JSONWebKeySet);
  }
  return createRemoteJWKSet(new URL(jwks));
}

/** OIDC discovery (`/.well-known/openid-configuration` -> `jwks_uri`), resolved lazily. */
function discoveredJwks(issuer: string): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  return async (header, token) => {
    keys ??= (async () => {
      try {
        const response = await fetch(`${issuer}/.well-known/openid-configuration`);
        const config = (await response.json()) as { jwks_uri?: string };
        if (typeof config.jwks_uri === "string") return createRemoteJWKSet(new URL(config.jwks_uri));
      } catch {
        // Fall back to the conventional location.
      }
      return createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    })();
    const getKey = await keys.catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return getKey(header, token);
  };
}
