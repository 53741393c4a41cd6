"use client";

import { apiFetch, type TokenSource } from "@/lib/client/fetcher";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import type { CreateFlagInput, FlagDto } from "@/lib/flags/schema";
import type { RecordRef } from "@/lib/records/ref";
import { panelKeys } from "./query-keys";

export function useCreateFlag(ref: RecordRef, token: TokenSource) {
  return useApiMutation({
    mutationFn: (input: CreateFlagInput) => apiFetch<FlagDto>("/api/v1/flags", { method: "POST", body: input, auth: token }),
    invalidates: [panelKeys.insight(ref)],
  });
}
