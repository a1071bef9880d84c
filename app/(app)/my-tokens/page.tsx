import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session.ts";
import { can } from "@/lib/auth/permissions.ts";
import { listTokens } from "@/lib/domain/users/list-tokens.ts";
import { TokenPanel } from "@/components/tokens/token-panel.tsx";
import { issueTokenAction, revokeTokenAction } from "@/lib/actions/tokens.ts";

export const metadata: Metadata = { title: "My tokens" };

export default async function MyTokensPage() {
  const actor = await requireActor();
  const { items } = await listTokens(actor, actor.id);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>My tokens</h1>
          <p className="muted" style={{ margin: 0 }}>
            API tokens act as you, with your profile. Revoke any you no longer use; {can(actor.profile, "tokens.issue") ? "new ones are shown once." : "an admin issues new ones."}
          </p>
        </div>
      </div>
      <section className="panel">
        <TokenPanel userId={actor.id} tokens={items} issue={can(actor.profile, "tokens.issue") ? issueTokenAction : undefined} revoke={revokeTokenAction} />
      </section>
    </div>
  );
}
