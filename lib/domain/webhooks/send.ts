import "server-only";
import http from "node:http";
import https from "node:https";
import { Webhook } from "standardwebhooks";
import { isIP } from "node:net";
import { guardedLookup, isPrivateAddress, privateAllowed } from "./address-guard.ts";

export const SEND_TIMEOUT_MS = 10_000;

// Connections are kept open between deliveries: a receiver gets hundreds a second.
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

export type SendResult = { ok: boolean; statusCode: number | null; error: string | null; latencyMs: number };

/**
 * The Standard Webhooks signature header: one `v1,<sig>` per key still valid, space-separated, so a
 * receiver that has not switched to a rotated secret yet still verifies.
 */
export function signatureHeader(secrets: string[], messageId: string, timestamp: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(" ");
}

/**
 * One POST: signed, 10 s overall timeout, redirects not followed (a 3xx is a failure), and the
 * connection made only to an address the guard accepts.
 */
export function sendWebhook(url: string, secrets: string[], messageId: string, body: string): Promise<SendResult> {
  const timestamp = new Date();
  const started = performance.now();
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  // A literal address is connected to without a lookup, so the guard checks it here.
  const literal = target.hostname.replace(/^\[|\]$/g, "");
  if (isIP(literal) && !privateAllowed() && isPrivateAddress(literal)) {
    return Promise.resolve({ ok: false, statusCode: null, error: `Refused: ${literal} is a private or loopback address.`, latencyMs: 0 });
  }
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: Math.round(performance.now() - started) });
    };
    const request = client.request(target, {
      method: "POST",
      agent: agents[target.protocol as "http:" | "https:"],
      lookup: guardedLookup,
      headers: {
        "content-type": "application/json",
        "user-agent": "Roster-Webhooks/1",
        "webhook-id": messageId,
        "webhook-timestamp": Math.floor(timestamp.getTime() / 1000).toString(),
        "webhook-signature": signatureHeader(secrets, messageId, timestamp, body),
      },
    }, (response) => {
      response.resume(); // the body is not needed; drain it so the connection can be reused
      response.on("end", () => {
        const status = response.statusCode ?? 0;
        finish({ ok: status >= 200 && status < 300, statusCode: status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` });
      });
      response.on("error", (error) => finish({ ok: false, statusCode: response.statusCode ?? null, error: error.message }));
    });
    const timer = setTimeout(() => {
      request.destroy(new Error(`timed out after ${SEND_TIMEOUT_MS / 1000} s`));
    }, SEND_TIMEOUT_MS);
    request.on("error", (error) => finish({ ok: false, statusCode: null, error: error.message.slice(0, 500) }));
    request.end(body);
  });
}
