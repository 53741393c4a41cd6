"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch, type TokenSource } from "@/lib/client/fetcher";
import type { InsightDto } from "@/lib/records/insight";
import type { RecordRef } from "@/lib/records/ref";
import { panelKeys } from "./query-keys";

export function useInsight(ref: RecordRef, token: TokenSource) {
  return useQuery({
    queryKey: panelKeys.insight(ref),
    queryFn: ({ signal }) =>
      apiFetch<InsightDto>(
        `/api/v1/records/${ref.provider}/${encodeURIComponent(ref.objectType)}/${encodeURIComponent(ref.externalId)}/insight`,
        { signal, auth: token },
      ),
    // Pending CRM writes settle in the background; poll while a flag is still syncing.
    refetchInterval: (q) => (q.state.data?.flags.some((f) => f.syncStatus === "PENDING") ? 2000 : false),
  });
}
