import { describe, expect, it } from "vitest";
import { listenHost } from "./listen-host.ts";

describe("listenHost", () => {
  it("keeps the demo (embedded database) on loopback and says so", () => {
    const { host, note } = listenHost({}, true);
    expect(host).toBe("127.0.0.1");
    expect(note).toMatch(/127\.0\.0\.1 only/);
    expect(note).toMatch(/HOST=0\.0\.0\.0/);
  });

  it("follows HOST when set, in demo mode too", () => {
    expect(listenHost({ HOST: "0.0.0.0" }, true).host).toBe("0.0.0.0");
    expect(listenHost({ HOST: "10.0.0.5" }, false).host).toBe("10.0.0.5");
  });

  it("serves every interface with a real DATABASE_URL and no HOST", () => {
    expect(listenHost({}, false)).toEqual({ host: undefined, note: null });
  });
});
