import { api, readJson } from "@/lib/http/api.ts";
import { transferBookInput } from "@/lib/domain/transfers/schemas.ts";
import { transferBook } from "@/lib/domain/transfers/transfer-book.ts";

export const POST = api(async (context) => transferBook(context, await readJson(context.request, transferBookInput)));
