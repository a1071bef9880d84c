import "server-only";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { columnMappingSchema, type ColumnMapping, MAX_IMPORT_BYTES } from "@/lib/domain/imports/schemas.ts";
import { parse } from "@/lib/http/api.ts";

const tooLarge = () =>
  new DomainError("invalid_request", `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it into smaller files.`, {
    fields: { file: "Too large." },
  });

function readMapping(raw: string | null): ColumnMapping | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new DomainError("invalid_request", "The mapping is not valid JSON.", { fields: { mapping: "Not valid JSON." } });
  }
  return parse(columnMappingSchema, value);
}

/** The body up to one byte past the limit: enough to refuse it without holding a huge upload. */
async function readCapped(body: ReadableStream<Uint8Array> | null): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > MAX_IMPORT_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The CSV of `POST /imports`: a `text/csv` body (file name in `X-File-Name`, mapping as JSON in
 * the `mapping` query parameter), or multipart with the field `file` (and `mapping`).
 */
export async function readUpload(request: Request): Promise<{ content: Uint8Array; fileName: string | null; mapping: ColumnMapping | null }> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_IMPORT_BYTES + 1024 * 1024) throw tooLarge();
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      throw new DomainError("invalid_request", "The upload could not be read.");
    }
    const file = form.get("file");
    if (!(file instanceof Blob)) {
      throw new DomainError("invalid_request", "Attach the CSV file in the field \"file\".", { fields: { file: "Required." } });
    }
    if (file.size > MAX_IMPORT_BYTES) throw tooLarge();
    const mapping = form.get("mapping");
    return {
      content: new Uint8Array(await file.arrayBuffer()),
      fileName: "name" in file && typeof file.name === "string" ? file.name : null,
      mapping: readMapping(typeof mapping === "string" ? mapping : null),
    };
  }
  const url = new URL(request.url);
  return {
    content: await readCapped(request.body),
    fileName: request.headers.get("x-file-name"),
    mapping: readMapping(url.searchParams.get("mapping")),
  };
}
