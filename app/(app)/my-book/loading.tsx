import { TableSkeleton } from "@/components/accounts/route-states.tsx";

export default function MyBookLoading() {
  return <TableSkeleton title="My book" rows={8} />;
}
