import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AuthOptions } from "next-auth";
import NextAuth from "next-auth";
import Provider from "oidc-provider";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeUser, unique } from "@/test/factories.ts";

/**
 * Single sign-on against a real OIDC provider (oidc-provider, on a free port) through next-auth's
 * real handler (next-auth/core's AuthHandler, served over HTTP the way its Next route serves it):
 * discovery, the authorization redirect, the provider's login, the code exchange, the ID token's
 * checks, and Roster's signIn/jwt callbacks. Nothing about the profile is mocked: each person's
 * claims are what the provider puts in the ID token.
 */
const claims = new Map<string, Record<string, unknown>>();
let app: Server;
let idp: Server;
let appUrl: string;
let issuer: string;
let authOptions: AuthOptions;

const listen = async (server: Server) => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

async function readBody(request: IncomingMessage): Promise<Record<string, string>> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return Object.fromEntries(new URLSearchParams(text));
}

/**
 * next-auth's own Node handler (`NextAuth(req, res, options)`, what a pages/api route runs) on a
 * plain HTTP server: the same AuthHandler as the App Router route, without Next around it.
 */
function nextAuthOverHttp(): Server {
  return createServer(async (request, response) => {
    const url = new URL(request.url!, appUrl);
    const cookies = Object.fromEntries((request.headers.cookie ?? "").split(/;\s*/).filter(Boolean).map((pair) => {
      const at = pair.indexOf("=");
      return [pair.slice(0, at), decodeURIComponent(pair.slice(at + 1))];
    }));
    const req = Object.assign(request, {
      query: { ...Object.fromEntries(url.searchParams), nextauth: url.pathname.replace(/^\/api\/auth\//, "").split("/") },
      cookies,
      body: request.method === "POST" ? await readBody(request) : undefined,
    });
    const res = Object.assign(response, {
      status(code: number) { response.statusCode = code; return res; },
      json(body: unknown) { response.setHeader("content-type", "application/json"); response.end(JSON.stringify(body)); },
      send(body: unknown) { response.end(typeof body === "string" ? body : JSON.stringify(body ?? "")); },
    });
    try {
      await NextAuth(req as never, res as never, authOptions);
    } catch (error) {
      response.statusCode = 500;
      response.end(String(error));
    }
  });
}

/** A browser's cookie jar, one per origin, just enough for these redirects. */
class Browser {
  private jars = new Map<string, Map<string, string>>();
  async fetch(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const { origin } = new URL(url);
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const response = await fetch(url, {
      method: init.method ?? "GET",
      redirect: "manual",
      headers: {
        cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
        ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const gone = attributes.some((attribute) => /max-age=0\b/i.test(attribute.trim()) || /expires=thu, 01 jan 1970/i.test(attribute.trim()));
      if (gone) jar.delete(name);
      else jar.set(name, pair.slice(at + 1).trim());
    }
    return response;
  }
  cookie(origin: string, name: string) {
    return this.jars.get(origin)?.get(name);
  }
}

/**
 * Signs in as the provider's account `accountId`, as a person would: Roster's "Sign in with
 * single sign-on", the provider's login form, back to Roster's callback. Returns where Roster
 * sent the browser at the end and the session cookie, if any.
 */
async function signInWithSso(accountId: string) {
  const browser = new Browser();
  const csrf = await (await browser.fetch(`${appUrl}/api/auth/csrf`)).json();
  let response = await browser.fetch(`${appUrl}/api/auth/signin/oidc`, { method: "POST", form: { csrfToken: csrf.csrfToken, callbackUrl: `${appUrl}/` } });
  for (let hop = 0; hop < 20; hop++) {
    const location = response.headers.get("location");
    if (!location) throw new Error(`stuck at ${response.status}: ${await response.text()}`);
    const next = new URL(location, response.url).toString();
    if (next.startsWith(appUrl) && !next.includes("/api/auth/callback/")) {
      return { landedAt: next, session: browser.cookie(appUrl, "next-auth.session-token") };
    }
    if (new URL(next).pathname.startsWith("/interaction/")) {
      const page = await (await browser.fetch(next)).text();
      const prompt = /name="prompt" value="consent"/.test(page) ? "consent" : "login";
      response = await browser.fetch(next, { method: "POST", form: prompt === "login" ? { prompt, login: accountId, password: "any" } : { prompt } });
    } else {
      response = await browser.fetch(next);
    }
  }
  throw new Error("too many redirects");
}

const boundTo = (userId: string) => db.user.findUniqueOrThrow({ where: { id: userId }, select: { ssoIssuer: true, ssoSubject: true } });

beforeAll(async () => {
  app = nextAuthOverHttp();
  appUrl = await listen(app);
  idp = createServer();
  issuer = await listen(idp);
  const provider = new Provider(issuer, {
    clients: [{
      client_id: "roster", client_secret: "roster-client-secret-for-tests-only",
      redirect_uris: [`${appUrl}/api/auth/callback/oidc`], grant_types: ["authorization_code"], response_types: ["code"],
    }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // The claims go into the ID token itself, which is what next-auth reads with `idToken: true`.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, ...claims.get(sub) }) }),
    // No consent screen: the test is about Roster, not the provider's UI.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    cookies: { keys: ["oidc-test-cookie-key"] },
  });
  idp.on("request", provider.callback());
  process.env.OIDC_ISSUER = issuer;
  process.env.OIDC_CLIENT_ID = "roster";
  process.env.OIDC_CLIENT_SECRET = "roster-client-secret-for-tests-only";
  process.env.NEXTAUTH_URL = appUrl;
  // options.ts reads the OIDC variables when it loads.
  authOptions = { ...(await import("./options.ts")).authOptions, secret: "sso-test-secret-0123456789abcdef" };
});

afterAll(async () => {
  app?.close();
  idp?.close();
  for (const name of ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "NEXTAUTH_URL", "OIDC_ALLOW_UNVERIFIED_EMAIL"]) delete process.env[name];
});

afterEach(() => {
  delete process.env.OIDC_ALLOW_UNVERIFIED_EMAIL;
});

describe("single sign-on with a real OIDC provider", () => {
  it("signs in a person whose verified email matches an active user, and binds issuer and subject", async () => {
    const user = await makeUser("csm");
    const sub = `person-${unique()}`;
    claims.set(sub, { email: user.email.toUpperCase(), email_verified: true, name: "Carla" });
    const { landedAt, session } = await signInWithSso(sub);
    expect(landedAt).toBe(`${appUrl}/`);
    expect(session).toEqual(expect.any(String));
    expect(await boundTo(user.id)).toEqual({ ssoIssuer: issuer, ssoSubject: sub });
    // And again, by the binding.
    expect((await signInWithSso(sub)).session).toEqual(expect.any(String));
  });

  it("refuses an unverified email, and one the provider does not vouch for unless allowed", async () => {
    const user = await makeUser("csm");
    const unverified = `unverified-${unique()}`;
    claims.set(unverified, { email: user.email, email_verified: false });
    const refused = await signInWithSso(unverified);
    expect(refused.session).toBeUndefined();
    expect(refused.landedAt).toMatch(/error=AccessDenied/);

    const silent = `silent-${unique()}`;
    claims.set(silent, { email: user.email }); // the provider never says
    expect((await signInWithSso(silent)).session).toBeUndefined();
    expect(await boundTo(user.id)).toEqual({ ssoIssuer: null, ssoSubject: null });

    process.env.OIDC_ALLOW_UNVERIFIED_EMAIL = "1";
    // An explicit "not verified" stays refused even then.
    expect((await signInWithSso(unverified)).session).toBeUndefined();
    expect((await signInWithSso(silent)).session).toEqual(expect.any(String));
    expect(await boundTo(user.id)).toEqual({ ssoIssuer: issuer, ssoSubject: silent });
  });

  it("refuses another subject arriving with a bound user's email", async () => {
    const user = await makeUser("sa");
    const owner = `owner-${unique()}`;
    claims.set(owner, { email: user.email, email_verified: true });
    expect((await signInWithSso(owner)).session).toEqual(expect.any(String));
    const impostor = `impostor-${unique()}`;
    claims.set(impostor, { email: user.email, email_verified: true });
    const refused = await signInWithSso(impostor);
    expect(refused.session).toBeUndefined();
    expect(refused.landedAt).toMatch(/error=AccessDenied/);
    expect(await boundTo(user.id)).toEqual({ ssoIssuer: issuer, ssoSubject: owner });
  });

  it("never signs in an inactive user, bound or not", async () => {
    const user = await makeUser("csm");
    const sub = `leaver-${unique()}`;
    claims.set(sub, { email: user.email, email_verified: true });
    expect((await signInWithSso(sub)).session).toEqual(expect.any(String));
    await db.user.update({ where: { id: user.id }, data: { active: false } });
    expect((await signInWithSso(sub)).session).toBeUndefined();
  });
});
