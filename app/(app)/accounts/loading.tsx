import { TableSkeleton } from "@/components/accounts/route-states.tsx";

export default function AccountsLoading() {
  return <TableSkeleton title="Accounts" />;
}
