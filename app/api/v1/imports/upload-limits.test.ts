import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_IMPORT_BYTES } from "@/lib/domain/imports/schemas.ts";
import { makeTokenUser } from "@/test/factories.ts";
import * as importsRoute from "./route.ts";

/** An upload body streaming `total` bytes of CSV-ish text without a Content-Length, counting what was pulled. */
function streamed(total: number, prefix = "") {
  const counter = { pulled: 0 };
  const head = new TextEncoder().encode(prefix);
  let sentHead = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sentHead && head.length) {
        sentHead = true;
        counter.pulled += head.length;
        return controller.enqueue(head);
      }
      if (counter.pulled >= total) return controller.close();
      const size = Math.min(256 * 1024, total - counter.pulled);
      counter.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
  });
  return { stream, counter };
}

function post(path: string, token: string, body: ReadableStream<Uint8Array>, contentType = "text/csv") {
  return importsRoute.POST(
    new Request(`http://roster.test/api/v1${path}`, {
      method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": contentType }, body, duplex: "half",
    } as RequestInit),
    { params: Promise.resolve({}) },
  );
}

describe("POST /imports reads an upload only when it may, and only up to 20 MB", () => {
  beforeAll(() => vi.stubEnv("ROSTER_WORKER", "off"));
  afterAll(() => vi.unstubAllEnvs());

  it("refuses someone who may not import before reading any of the upload", async () => {
    const { token } = await makeTokenUser("csm");
    const { stream, counter } = streamed(5 * 1024 * 1024);
    const response = await post("/imports?kind=accounts", token, stream);
    expect(response.status).toBe(403);
    // The stream may have been asked for its first chunk by the runtime, never for the file.
    expect(counter.pulled).toBeLessThanOrEqual(256 * 1024);
  });

  it("stops reading a chunked CSV body at 20 MB", async () => {
    const { token } = await makeTokenUser("sales_ops");
    const { stream, counter } = streamed(40 * 1024 * 1024);
    const response = await post("/imports?kind=accounts", token, stream);
    expect(response.status).toBe(400);
    expect((await response.json()).error.details).toEqual({ fields: { file: "Too large." } });
    expect(counter.pulled).toBeLessThan(MAX_IMPORT_BYTES + 1024 * 1024);
  });

  it("stops reading a chunked multipart body at 20 MB", async () => {
    const { token } = await makeTokenUser("sales_ops");
    const boundary = "roster-boundary";
    const { stream, counter } = streamed(
      40 * 1024 * 1024,
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.csv"\r\ncontent-type: text/csv\r\n\r\n`,
    );
    const response = await post("/imports?kind=accounts", token, stream, `multipart/form-data; boundary=${boundary}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error.details).toEqual({ fields: { file: "Too large." } });
    expect(counter.pulled).toBeLessThan(MAX_IMPORT_BYTES + 1024 * 1024);
  });
});
