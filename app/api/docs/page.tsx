import type { Metadata } from "next";
import { OPERATIONS } from "@/lib/http/openapi/operations.ts";
import { openApiDocument } from "@/lib/http/openapi/document.ts";

export const metadata: Metadata = { title: "API reference" };

type OperationDoc = { requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }>; parameters: { name: string; in: string }[] };

/** A readable page over the same OpenAPI document that /api/v1/openapi.json serves. */
export default function ApiDocsPage() {
  const document = openApiDocument();
  const tags = [...new Set(OPERATIONS.map((operation) => operation.tag))];
  return (
    <main className="content" style={{ margin: "0 auto" }}>
      <h1>Roster API v1</h1>
      <p className="muted">
        Base URL <code>/api/v1</code>. Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>. Errors are{" "}
        <code>{`{"error":{"code","message","details"}}`}</code>. Machine-readable: <a href="/api/v1/openapi.json">openapi.json</a>.
      </p>
      <nav aria-label="Sections" className="row">{tags.map((tag) => <a key={tag} href={`#${tag.replace(/\W+/g, "-")}`} className="badge brand">{tag}</a>)}</nav>
      {tags.map((tag) => (
        <section key={tag} id={tag.replace(/\W+/g, "-")} className="stack" style={{ marginTop: 24 }}>
          <h2>{tag}</h2>
          {OPERATIONS.filter((operation) => operation.tag === tag).map((operation) => {
            const doc = document.paths[operation.path][operation.method] as OperationDoc;
            const success = doc.responses[String(operation.status ?? 200)];
            return (
              <article key={`${operation.method} ${operation.path}`} className="panel stack">
                <div className="row">
                  <span className="badge brand">{operation.method.toUpperCase()}</span>
                  <code>/api/v1{operation.path}</code>
                  <span className="muted">→ {operation.status ?? 200}</span>
                </div>
                <div>{operation.summary}</div>
                {doc.parameters.length ? (
                  <div className="muted">Parameters: {doc.parameters.map((parameter) => `${parameter.name} (${parameter.in})`).join(", ")}</div>
                ) : null}
                {doc.requestBody ? (
                  <details><summary>Request body</summary><pre>{JSON.stringify(doc.requestBody.content["application/json"].schema, null, 2)}</pre></details>
                ) : null}
                {success?.content ? (
                  <details><summary>Response</summary><pre>{JSON.stringify(Object.values(success.content)[0]?.schema, null, 2)}</pre></details>
                ) : null}
              </article>
            );
          })}
        </section>
      ))}
    </main>
  );
}
