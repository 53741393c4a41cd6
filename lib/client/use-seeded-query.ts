"use client";

import { useQuery, type QueryKey } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";

// For standalone pages whose server component already loaded the data: the first paint uses it
// (no loading flash, no second request), and the query keeps it current once a mutation
// invalidates `queryKey` or it goes stale. GET with the SSO cookie. Returns the current data.
export function useSeededQuery<T extends object>(queryKey: QueryKey, path: string, initialData: T): T {
  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) => apiFetch<T>(path, { signal, auth: "cookie" }),
    initialData,
  });
  return query.data;
}
