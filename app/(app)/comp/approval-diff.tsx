import "server-only";
import { cache } from "react";
import { ApprovalChanges } from "@/components/comp/approval-changes.tsx";
import { formatCount } from "@/components/comp/format.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { diffCompApproval } from "@/lib/domain/comp/approval-queries.ts";

// The verdict and the list read one diff per request: the whole period against its snapshot.
const diff = cache((actor: Actor, approvalId: string) => diffCompApproval(actor, approvalId));

/** "Approved", or how many opportunities changed since. Streams in after the first screen. */
export async function ApprovalVerdict({ actor, approvalId }: { actor: Actor; approvalId: string }) {
  const changes = await diff(actor, approvalId);
  return changes.length ? `${formatCount(changes.length)} changed since` : "Approved";
}

/** The changes since the approval, opportunity by opportunity. Streams in after the first screen. */
export async function ChangesSinceApproval({ actor, approvalId }: { actor: Actor; approvalId: string }) {
  return <ApprovalChanges items={await diff(actor, approvalId)} />;
}
