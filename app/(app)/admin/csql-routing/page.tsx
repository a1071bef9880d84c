import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { listCsqlRoutes } from "@/lib/domain/csqls/routes.ts";
import { listUsers } from "@/lib/domain/users/queries.ts";
import { can } from "@/lib/auth/permissions.ts";
import { CsqlRouteForm, DeleteRouteButton } from "@/components/csqls/route-form.tsx";

export const metadata: Metadata = { title: "CSQL routing" };

export default async function CsqlRoutingPage() {
  const actor = await requirePermission("csqls.route");
  const [routes, users] = await Promise.all([listCsqlRoutes({ actor, source: "ui" }), listUsers(actor, { active: true })]);
  const owners = users.filter((user) => can(user.profile, "csqls.work")).map(({ id, name, email }) => ({ id, name, email }));
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>CSQL routing</h1>
          <p className="muted" style={{ margin: 0 }}>
            A new CSQL goes to its account&apos;s Account Executive. Without one, the most specific rule below for the account&apos;s
            segment and region decides; without a rule, the CSQL waits in the sales ops queue.
          </p>
        </div>
      </div>
      <section className="panel" style={{ padding: 0, overflow: "auto" }} aria-label="Routing rules">
        {routes.length === 0 ? <p className="muted" style={{ padding: 16, margin: 0 }}>No rules yet: CSQLs without an Account Executive go to the sales ops queue.</p> : (
          <table className="data">
            <thead><tr><th>Segment</th><th>Region</th><th>Owner</th><th><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {routes.map((route) => (
                <tr key={route.id}>
                  <td>{route.segment ?? <span className="muted">Any</span>}</td>
                  <td>{route.region ?? <span className="muted">Any</span>}</td>
                  <td>{route.owner.name} <span className="muted">{route.owner.email}</span></td>
                  <td><DeleteRouteButton id={route.id} label={`${route.segment ?? "any segment"} / ${route.region ?? "any region"}`} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="new-route">
        <h2 id="new-route">Add or replace a rule</h2>
        <CsqlRouteForm owners={owners} />
      </section>
    </div>
  );
}
