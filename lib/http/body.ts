import "server-only";
import { DomainError } from "@/lib/errors/domain-error.ts";

/** JSON bodies: far more than any form or API call needs, far less than what would hurt a server. */
export const MAX_JSON_BYTES = 1_000_000;

/**
 * The request body as a stream that fails once more than `limit` bytes have come through. Limits
 * hold while reading: a body without Content-Length (chunked) or one that lies about it is cut off
 * at the limit, and never held whole.
 */
export function cappedBody(request: Request, limit: number, tooLarge: () => Error): ReadableStream<Uint8Array> | null {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge();
  if (!request.body) return null;
  let seen = 0;
  const reader = request.body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      seen += value.byteLength;
      if (seen > limit) {
        await reader.cancel().catch(() => {});
        return controller.error(tooLarge());
      }
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** The whole body, at most `limit` bytes; past it, `tooLarge()` is thrown and reading stops. */
export async function readCapped(request: Request, limit: number, tooLarge: () => Error): Promise<Uint8Array> {
  const stream = cappedBody(request, limit, tooLarge);
  if (!stream) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export const jsonTooLarge = () =>
  new DomainError("invalid_request", `The request body is larger than ${MAX_JSON_BYTES / 1_000_000} MB.`, { fields: { _: "Too large." } });

/** A JSON body (empty means `{}`), read under the 1 MB cap. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = new TextDecoder().decode(await readCapped(request, MAX_JSON_BYTES, jsonTooLarge));
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("invalid_request", "The request body is not valid JSON.");
  }
}
