import { authorizeImport } from "@/lib/domain/imports/access.ts";
import { startImport } from "@/lib/domain/imports/start-import.ts";
import { listImports } from "@/lib/domain/imports/queries.ts";
import { listImportsQuery, startImportQuery } from "@/lib/domain/imports/schemas.ts";
import { readQuery } from "@/lib/http/api.ts";
import { apiOrSession } from "@/lib/http/session-or-bearer.ts";
import { readUpload } from "./read-upload.ts";

export const GET = apiOrSession(async ({ actor, request }) => listImports(actor, readQuery(request, listImportsQuery)));

export const POST = apiOrSession(async (context) => {
  const { kind, dryRun, skipInvalidRows } = readQuery(context.request, startImportQuery);
  // Refuse before reading a byte of the upload: someone who may not import must not make the
  // server take in 20 MB first. (startImport checks again; it is the rule's home.)
  authorizeImport(context.actor, kind);
  const upload = await readUpload(context.request);
  return Response.json(await startImport(context, { kind, dryRun, skipInvalidRows, ...upload }), { status: 202 });
});
