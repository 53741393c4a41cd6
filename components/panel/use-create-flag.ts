"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type TokenSource } from "@/lib/client/api-client";
import type { CreateFlagInput, FlagDto } from "@/lib/flags/schema";
import type { RecordRef } from "@/lib/records/ref";
import { panelKeys } from "./query-keys";

export function useCreateFlag(ref: RecordRef, token: TokenSource) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateFlagInput) => apiFetch<FlagDto>("/api/v1/flags", { method: "POST", body: input, token }),
    onSuccess: () => client.invalidateQueries({ queryKey: panelKeys.insight(ref) }),
  });
}
