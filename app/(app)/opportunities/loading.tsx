import { PageSkeleton } from "@/components/opportunities/route-states.tsx";

export default function Loading() {
  return <PageSkeleton title="Opportunities" panels={1} rows={12} />;
}
