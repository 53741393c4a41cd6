export interface InjectedFailure {
  status: number;
  errorCode: string;
  message: string;
}

const MAX_LOG = 20_000;

export interface LogEntry {
  method: string;
  path: string;
  status: number;
  /** When it was answered (ms since the epoch). */
  at: number;
  /** Refused by an injected fault rather than by the org's own rules. */
  injected?: boolean;
}

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
  /** Random faults on every REST call (fault tests): the share of calls that fail, and how. */
  chaos: { rate: number; failures: InjectedFailure[]; random: () => number } | null = null;
  private readonly log: LogEntry[] = [];
  private injectedNext = false;

  constructor(public limit: number) {}

  admit(): Admission {
    if (this.used >= this.limit) {
      return { ok: false, status: 403, body: [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }] };
    }
    this.used += 1;
    const chaos = this.chaos && this.chaos.random() < this.chaos.rate ? this.chaos.failures[Math.floor(this.chaos.random() * this.chaos.failures.length)] : undefined;
    const fault = this.pendingFaults.shift() ?? chaos;
    if (fault) {
      this.injectedNext = true;
      return { ok: false, status: fault.status, body: [{ message: fault.message, errorCode: fault.errorCode }] };
    }
    return { ok: true };
  }

  limitInfo(): string {
    return `api-usage=${this.used}/${this.limit}`;
  }

  failNext(count: number, failure: InjectedFailure): void {
    for (let i = 0; i < count; i++) this.pendingFaults.push({ ...failure });
  }

  record(method: string, path: string, status: number): void {
    this.log.push({ method, path, status, at: Date.now(), ...(this.injectedNext ? { injected: true } : {}) });
    this.injectedNext = false;
    // A long demo must not grow memory without bound; tests look at recent entries.
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
  }

  entries(): LogEntry[] {
    return this.log.map((e) => ({ ...e }));
  }
}
