import { PageSkeleton } from "@/components/opportunities/route-states.tsx";

export default function Loading() {
  return <PageSkeleton title="My opportunities" panels={2} rows={5} />;
}
