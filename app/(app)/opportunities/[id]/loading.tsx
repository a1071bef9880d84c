import { PageSkeleton } from "@/components/opportunities/route-states.tsx";

export default function Loading() {
  return <PageSkeleton title="Opportunity" panels={3} rows={4} />;
}
