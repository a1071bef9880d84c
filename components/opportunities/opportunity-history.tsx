import type { Actor } from "@/lib/auth/actor.ts";

/**
 * The opportunity's history (audit trail, newest first).
 * TODO(history): render the shared components/history component with its loader from
 * lib/domain/audit/history.ts once they exist; this is the one place the opportunity page shows it.
 */
export async function OpportunityHistory({ actor: _actor, opportunityId: _opportunityId }: { actor: Actor; opportunityId: string }) {
  return (
    <section className="panel" aria-labelledby="opp-history-title" data-testid="opp-history">
      <h2 id="opp-history-title">History</h2>
      <p className="opp-empty">History of this opportunity appears here.</p>
    </section>
  );
}
