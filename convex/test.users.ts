/**
 * Sign-up and sign-in through the real Convex Auth action, returning a
 * convex-test accessor that carries the identity the token describes.
 */
import { decodeJwt } from "jose";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import type { TestConvex } from "./test.setup";

export type SignedIn = {
  userId: Id<"users">;
  token: string;
  as: ReturnType<TestConvex["withIdentity"]>;
};

export async function signIn(
  t: TestConvex,
  email: string,
  password = "correct horse 1",
  flow: "signUp" | "signIn" = "signUp",
): Promise<SignedIn> {
  const result = await t.action(api.auth.signIn, {
    provider: "password",
    params: { email, password, flow },
  });
  const token = result.tokens?.token;
  if (!token) throw new Error(`sign-in returned no token: ${JSON.stringify(result)}`);
  const claims = decodeJwt(token);
  const subject = String(claims.sub);
  const issuer = String(claims.iss);
  return {
    userId: subject.split("|")[0] as Id<"users">,
    token,
    as: t.withIdentity({ subject, issuer, tokenIdentifier: `${issuer}|${subject}` }),
  };
}
