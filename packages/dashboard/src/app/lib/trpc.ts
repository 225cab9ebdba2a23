import type { TaskRegistry } from "@errand/core";
// Type-only: erased by the build, resolved through tsconfig paths. The dashboard serves any
// errand, so it sees the router over the general registry (names are strings, inputs unknown).
import type { TasksServerRouter } from "@errand/server";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import superjson from "superjson";

export type DashboardRouter = TasksServerRouter<TaskRegistry>;

export const { TRPCProvider, useTRPC } = createTRPCContext<DashboardRouter>();

export function createClient(url: string) {
  return createTRPCClient<DashboardRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        // Live views are SSE streams that reconnect by themselves.
        true: httpSubscriptionLink({ url, transformer: superjson }),
        false: httpBatchLink({ url, transformer: superjson }),
      }),
    ],
  });
}
