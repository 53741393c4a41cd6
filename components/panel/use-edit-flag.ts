"use client";

import { apiFetch, type TokenSource } from "@/lib/client/fetcher";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import type { EditFlagInput, FlagDto } from "@/lib/flags/schema";
import type { RecordRef } from "@/lib/records/ref";
import { panelKeys } from "./query-keys";

export function useEditFlag(ref: RecordRef, token: TokenSource) {
  return useApiMutation({
    mutationFn: ({ id, ...input }: EditFlagInput & { id: string }) =>
      apiFetch<FlagDto>(`/api/v1/flags/${encodeURIComponent(id)}`, { method: "PATCH", body: input, auth: token }),
    invalidates: [panelKeys.insight(ref)],
  });
}
