import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./fetcher";

// The QueryClient both surfaces start from (the panel keeps its own instance, the standalone pages
// share one per tab). A 401 anywhere means the session is gone (revoked, deactivated, expired), so
// it goes to one handler instead of each screen; 4xx answers and answers that break their
// contract are final and are not retried.
export function createQueryClient(onUnauthenticated: () => void): QueryClient {
  const onError = (err: unknown) => {
    if (err instanceof ApiError && err.status === 401) onUnauthenticated();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (count, err) => {
          const final = err instanceof ApiError && ((err.status >= 400 && err.status < 500) || err.code === "invalid_response");
          return !final && count < 2;
        },
      },
    },
  });
}
