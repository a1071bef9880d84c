import "server-only";
import { z } from "zod";
import { OPERATIONS, type Operation } from "./operations.ts";

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

const json = (schema: z.ZodType, io: "input" | "output") => z.toJSONSchema(schema, { io, unrepresentable: "any" });

function operationObject(operation: Operation) {
  const parameters = [
    ...[...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1], in: "path", required: true, schema: { type: "string" },
    })),
    ...(operation.query
      ? Object.entries((json(operation.query, "input") as { properties?: Record<string, unknown> }).properties ?? {}).map(
          ([name, schema]) => ({ name, in: "query", required: false, schema }),
        )
      : []),
  ];
  return {
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    parameters,
    ...(operation.body
      ? { requestBody: { required: true, content: { "application/json": { schema: json(operation.body, "input") } } } }
      : {}),
    responses: {
      [String(operation.status ?? 200)]: {
        description: "Success",
        content: { [operation.produces ?? "application/json"]: { schema: operation.response ? json(operation.response, "output") : {} } },
      },
      default: { description: "An error", content: { "application/json": { schema: json(errorSchema, "output") } } },
    },
  };
}

/** OpenAPI 3.1, generated from the same zod schemas that validate the requests. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    paths[operation.path] ??= {};
    paths[operation.path][operation.method] = operationObject(operation);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Roster API",
      version: "1",
      description: "Who covers which customer: accounts, their teams, opportunities, stamping, audit. Errors: {error:{code,message,details?}}.",
    },
    servers: [{ url: "/api/v1" }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths,
  };
}
