import { FormSkeleton } from "@/components/accounts/route-states.tsx";

export default function PendingAssignmentsLoading() {
  return <FormSkeleton title="Unresolved assignments" />;
}
