"use client";

import { useQuery } from "@tanstack/react-query";
import { ApiError, apiFetch, type TokenSource } from "@/lib/client/fetcher";
import type { InsightDto } from "@/lib/records/insight";
import type { RecordRef } from "@/lib/records/ref";
import { panelKeys } from "./query-keys";

const POLL_MS = 2_000;
const NOT_SYNCED_POLL_MS = 5_000;
// A record fetched from the CRM on open arrives within a minute or so; after this many checks the
// panel stops asking and keeps saying so.
const NOT_SYNCED_CHECKS = 36;

export function useInsight(ref: RecordRef, token: TokenSource) {
  return useQuery({
    queryKey: panelKeys.insight(ref),
    queryFn: ({ signal }) =>
      apiFetch<InsightDto>(
        `/api/v1/records/${ref.provider}/${encodeURIComponent(ref.objectType)}/${encodeURIComponent(ref.externalId)}/insight`,
        { signal, auth: token },
      ),
    // Work the panel says is under way is watched until it lands: a flag's CRM write, a record
    // being scored, a record being fetched from the CRM.
    refetchInterval: (q) => {
      const { data, error, errorUpdateCount } = q.state;
      if (error instanceof ApiError && error.status === 404) return errorUpdateCount < NOT_SYNCED_CHECKS ? NOT_SYNCED_POLL_MS : false;
      if (data?.flags.some((f) => f.syncStatus === "PENDING")) return POLL_MS;
      if (data?.status.kind === "not_scored" && data.status.pending) return POLL_MS;
      return false;
    },
  });
}
