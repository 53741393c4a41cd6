"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/fetcher";
import type { MappingView } from "@/lib/identity/admin";
import { identityKeys } from "./query-keys";

// The server component renders the first list (no loading flash); the query keeps it current
// after each change.
export function useMappings(initial: MappingView[]) {
  return useQuery({
    queryKey: identityKeys.mappings(),
    queryFn: ({ signal }) => apiFetch<{ mappings: MappingView[] }>("/api/v1/admin/group-role-mappings", { signal, auth: "cookie" }),
    initialData: { mappings: initial },
    select: (data) => data.mappings,
  });
}
