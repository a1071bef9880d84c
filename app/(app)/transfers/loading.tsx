import { FormSkeleton } from "@/components/accounts/route-states.tsx";

export default function TransfersLoading() {
  return <FormSkeleton title="Transfer a book" />;
}
