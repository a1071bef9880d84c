import { api, pathId, readJson } from "@/lib/http/api.ts";
import { undoBatchInput } from "@/lib/domain/batches/schemas.ts";
import { undoBatch } from "@/lib/domain/batches/undo-batch.ts";

export const POST = api(async (context) =>
  undoBatch(context, pathId(context.params.id, "Change"), await readJson(context.request, undoBatchInput)));
