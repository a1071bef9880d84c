import { AccountSkeleton } from "@/components/accounts/route-states.tsx";

export default function AccountLoading() {
  return <AccountSkeleton />;
}
