import { api, readQuery } from "@/lib/http/api.ts";
import { search } from "@/lib/domain/search/search.ts";
import { searchQuery } from "@/lib/domain/search/schemas.ts";

export const GET = api(async ({ actor, request }) => search(actor, readQuery(request, searchQuery)));
