"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type TokenSource } from "@/lib/client/api-client";
import type { FlagDto, WithdrawFlagInput } from "@/lib/flags/schema";
import type { RecordRef } from "@/lib/records/ref";
import { panelKeys } from "./query-keys";

export function useWithdrawFlag(ref: RecordRef, token: TokenSource) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: WithdrawFlagInput & { id: string }) =>
      apiFetch<FlagDto>(`/api/v1/flags/${encodeURIComponent(id)}/withdraw`, { method: "POST", body: input, token }),
    onSuccess: () => client.invalidateQueries({ queryKey: panelKeys.insight(ref) }),
  });
}
