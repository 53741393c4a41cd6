"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/fetcher";
import type { ScimTokenView } from "@/lib/scim/service-tokens";
import { identityKeys } from "./query-keys";

export function useScimTokens(initial: ScimTokenView[]) {
  return useQuery({
    queryKey: identityKeys.scimTokens(),
    queryFn: ({ signal }) => apiFetch<{ tokens: ScimTokenView[] }>("/api/v1/admin/scim-tokens", { signal, auth: "cookie" }),
    initialData: { tokens: initial },
    select: (data) => data.tokens,
  });
}
