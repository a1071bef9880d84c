import { FormSkeleton } from "@/components/accounts/route-states.tsx";

export default function ImportsLoading() {
  return <FormSkeleton title="Imports" />;
}
