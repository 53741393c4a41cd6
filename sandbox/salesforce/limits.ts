export interface InjectedFailure {
  status: number;
  errorCode: string;
  message: string;
}

const MAX_LOG = 20_000;

export type Admission =
  | { ok: true }
  | { ok: false; status: number; body: Array<{ message: string; errorCode: string }> };

/**
 * The org's daily API allowance, the fault-injection queue and the request log. Every REST call
 * that gets past authentication counts once (a composite request too); OAuth calls never count.
 */
export class ApiGate {
  used = 0;
  private pendingFaults: InjectedFailure[] = [];
  private readonly log: Array<{ method: string; path: string; status: number }> = [];

  constructor(public limit: number) {}

  admit(): Admission {
    if (this.used >= this.limit) {
      return { ok: false, status: 403, body: [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }] };
    }
    this.used += 1;
    const fault = this.pendingFaults.shift();
    if (fault) return { ok: false, status: fault.status, body: [{ message: fault.message, errorCode: fault.errorCode }] };
    return { ok: true };
  }

  limitInfo(): string {
    return `api-usage=${this.used}/${this.limit}`;
  }

  failNext(count: number, failure: InjectedFailure): void {
    for (let i = 0; i < count; i++) this.pendingFaults.push({ ...failure });
  }

  record(method: string, path: string, status: number): void {
    this.log.push({ method, path, status });
    // A long demo must not grow memory without bound; tests look at recent entries.
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
  }

  entries(): Array<{ method: string; path: string; status: number }> {
    return this.log.map((e) => ({ ...e }));
  }
}
