import { openApiDocument } from "@/lib/http/openapi/document.ts";

export const dynamic = "force-static";

export function GET() {
  return Response.json(openApiDocument());
}
