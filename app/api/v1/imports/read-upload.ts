import "server-only";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { columnMappingSchema, type ColumnMapping, MAX_IMPORT_BYTES } from "@/lib/domain/imports/schemas.ts";
import { parse } from "@/lib/http/api.ts";
import { cappedBody, readCapped } from "@/lib/http/body.ts";

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

/**
 * The CSV of `POST /imports`: a `text/csv` body (file name in `X-File-Name`, mapping as JSON in
 * the `mapping` query parameter), or multipart with the field `file` (and `mapping`).
 */
export async function readUpload(request: Request): Promise<{ content: Uint8Array; fileName: string | null; mapping: ColumnMapping | null }> {
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    // The multipart envelope adds a little to the file; the cap holds while the body streams in,
    // with or without a Content-Length.
    let oversize = false;
    const body = cappedBody(request, MAX_IMPORT_BYTES + 64 * 1024, () => {
      oversize = true;
      return tooLarge();
    });
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "content-type": type } }).formData();
    } catch {
      if (oversize) throw tooLarge();
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
    content: await readCapped(request, MAX_IMPORT_BYTES, tooLarge),
    fileName: request.headers.get("x-file-name"),
    mapping: readMapping(url.searchParams.get("mapping")),
  };
}
