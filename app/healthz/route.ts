// Liveness: answers while the process serves, without touching the database (a database outage
// must not get healthy instances restarted).
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
