import { AsyncLocalStorage } from "node:async_hooks";

// The correlation id of the request (or job) being served, so logs, audit rows and CRM calls made
// deep inside services carry it without threading it through every signature.
export interface RequestContext {
  requestId: string;
  tenantId?: string;
  userId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
