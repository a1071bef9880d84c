import { afterEach, describe, expect, it } from "vitest";
import { startReceiver } from "@/test/support/webhook-receiver.ts";
import { assertWebhookUrl, isPrivateAddress } from "./address-guard.ts";
import { sendWebhook } from "./send.ts";

const SECRET = `whsec_${Buffer.from("0123456789abcdef0123456789abcdef").toString("base64")}`;

afterEach(() => {
  delete process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE;
});

describe("webhook addresses", () => {
  it.each([
    "http://127.0.0.1/hook", "http://127.8.9.10:8080/", "http://10.1.2.3/hook", "http://172.20.0.1/", "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/hook", "http://[::ffff:127.0.0.1]/", "http://[fd00::1]/", "http://0.0.0.0/",
    "http://localhost/hook",
  ])("refuses %s", async (url) => {
    await expect(assertWebhookUrl(url)).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("refuses other schemes and credentials, and accepts a public address", async () => {
    await expect(assertWebhookUrl("ftp://93.184.216.34/")).rejects.toMatchObject({ code: "invalid_request" });
    await expect(assertWebhookUrl("file:///etc/passwd")).rejects.toMatchObject({ code: "invalid_request" });
    await expect(assertWebhookUrl("https://user:pw@93.184.216.34/")).rejects.toMatchObject({ code: "invalid_request" });
    await expect(assertWebhookUrl("https://93.184.216.34/hook")).resolves.toBeInstanceOf(URL);
    expect(isPrivateAddress("8.8.8.8")).toBe(false);
    expect(isPrivateAddress("2606:4700:4700::1111")).toBe(false);
  });

  it("allows private addresses only with ROSTER_WEBHOOKS_ALLOW_PRIVATE=1", async () => {
    process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE = "1";
    await expect(assertWebhookUrl("http://127.0.0.1:9/hook")).resolves.toBeInstanceOf(URL);
  });

  it("checks again at send time, on the address connected to (a literal, and a name resolving to loopback)", async () => {
    const hook = await startReceiver();
    try {
      for (const url of [hook.url, `http://localhost:${hook.port}/hook`]) {
        const refused = await sendWebhook(url, [SECRET], "msg_1", "{}");
        expect(refused).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/private or loopback/) });
      }
      expect(hook.received).toHaveLength(0);
      process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE = "1";
      expect(await sendWebhook(`http://localhost:${hook.port}/hook`, [SECRET], "msg_2", "{}")).toMatchObject({ ok: true, statusCode: 200 });
      expect(hook.received).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });

  it("does not follow redirects", async () => {
    process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE = "1";
    const target = await startReceiver();
    const redirecting = await startReceiver(() => 302);
    try {
      const result = await sendWebhook(redirecting.url, [SECRET], "msg_3", "{}");
      expect(result).toMatchObject({ ok: false, statusCode: 302 });
      expect(target.received).toHaveLength(0);
    } finally {
      await Promise.all([target.close(), redirecting.close()]);
    }
  });
});
