import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { endpointUrl, readConfig } from "./lib/config.js";
import { createClient, TRPCProvider } from "./lib/trpc.js";
import "./styles.css";

const config = readConfig();

function Root() {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // Live views are kept fresh by subscriptions; a refused or missing task is not retried.
          queries: { staleTime: 2_000, retry: 1, refetchOnWindowFocus: false },
        },
      }),
  );
  const [trpcClient] = useState(() => createClient(endpointUrl(config.trpcUrl)));
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <App basePath={config.basePath} />
      </TRPCProvider>
    </QueryClientProvider>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
