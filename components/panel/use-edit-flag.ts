"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type TokenSource } from "@/lib/client/api-client";
import type { EditFlagInput, FlagDto } from "@/lib/flags/schema";
import type { RecordRef } from "@/lib/records/ref";
import { panelKeys } from "./query-keys";

export function useEditFlag(ref: RecordRef, token: TokenSource) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: EditFlagInput & { id: string }) =>
      apiFetch<FlagDto>(`/api/v1/flags/${encodeURIComponent(id)}`, { method: "PATCH", body: input, token }),
    onSuccess: () => client.invalidateQueries({ queryKey: panelKeys.insight(ref) }),
  });
}
