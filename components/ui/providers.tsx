"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { useState } from "react";
import { createQueryClient } from "@/lib/client/query-client";

// The client context of the standalone pages, mounted once by the (dashboard) and (admin) layouts:
// one QueryClient per tab and nuqs' App Router adapter for URL state (filters, tabs, pages). The
// embedded panel has its own client and needs neither. A 401 means the SSO session has ended:
// back to sign-in, returning to this page.
export function Providers({ children }: { children: React.ReactNode }) {
  const [client] = useState(() =>
    createQueryClient(() => {
      const here = window.location.pathname + window.location.search;
      window.location.assign(`/signin?callbackUrl=${encodeURIComponent(here)}`);
    }),
  );
  return (
    <NuqsAdapter>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </NuqsAdapter>
  );
}
