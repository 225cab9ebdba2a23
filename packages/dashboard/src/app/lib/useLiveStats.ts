import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "./trpc.js";

/** Counts per task and status, kept current by `watchStats`. */
export function useLiveStats() {
  const trpc = useTRPC();
  return useSubscription(trpc.tasks.watchStats.subscriptionOptions());
}
