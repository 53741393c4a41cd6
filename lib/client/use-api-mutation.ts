"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

// Every mutation of the browser surfaces goes through this hook: it invalidates exactly the query
// keys it is given (from a feature's key factory, never a prefix guessed elsewhere), and with
// `refresh` it also re-renders the page's server components, for pages whose first paint comes
// from the server.
export function useApiMutation<TInput = void, TResult = unknown>(options: {
  mutationFn: (input: TInput) => Promise<TResult>;
  invalidates: readonly QueryKey[] | ((result: TResult, input: TInput) => readonly QueryKey[]);
  refresh?: boolean;
  onSuccess?: (result: TResult, input: TInput) => void;
}) {
  const client = useQueryClient();
  const router = useRouter();
  return useMutation<TResult, Error, TInput>({
    mutationFn: options.mutationFn,
    onSuccess: async (result, input) => {
      options.onSuccess?.(result, input);
      const keys = typeof options.invalidates === "function" ? options.invalidates(result, input) : options.invalidates;
      if (options.refresh) router.refresh();
      await Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey, exact: true })));
    },
  });
}
