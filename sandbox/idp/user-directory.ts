import { createHash, timingSafeEqual } from "node:crypto";
import type { IdpUser } from "./types";

export type SignInResult =
  | { ok: true; user: IdpUser }
  | { ok: false; reason: "invalid-credentials" | "deactivated" };

export interface DirectoryEntry {
  user: IdpUser;
  active: boolean;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

// Comparing fixed-length digests keeps the comparison constant-time whatever the lengths.
function passwordMatches(expected: string, given: string): boolean {
  return timingSafeEqual(digest(expected), digest(given));
}

export class UserDirectory {
  readonly #bySub = new Map<string, IdpUser>();
  readonly #byEmail = new Map<string, IdpUser>();
  readonly #inactive = new Set<string>();

  constructor(users: readonly IdpUser[]) {
    for (const input of users) {
      // Copied so a caller mutating its array later cannot change who can sign in.
      const user: IdpUser = { ...input, groups: [...input.groups] };
      const email = user.email.toLowerCase();
      if (this.#bySub.has(user.sub)) throw new Error(`Duplicate IdP user sub: ${user.sub}`);
      if (this.#byEmail.has(email)) throw new Error(`Duplicate IdP user email: ${user.email}`);
      this.#bySub.set(user.sub, user);
      this.#byEmail.set(email, user);
    }
  }

  /** Only active users: a deactivated user must not get tokens or userinfo either. */
  findActive(sub: string): IdpUser | undefined {
    return this.#inactive.has(sub) ? undefined : this.#bySub.get(sub);
  }

  setActive(sub: string, active: boolean): void {
    if (!this.#bySub.has(sub)) throw new Error(`Unknown IdP user sub: ${sub}`);
    if (active) this.#inactive.delete(sub);
    else this.#inactive.add(sub);
  }

  entries(): DirectoryEntry[] {
    return [...this.#bySub.values()].map((user) => ({ user, active: !this.#inactive.has(user.sub) }));
  }

  authenticate(email: string, password: string): SignInResult {
    const user = this.#byEmail.get(email.trim().toLowerCase());
    // Hash even for unknown emails so response time does not reveal which accounts exist.
    const matches = passwordMatches(user?.password ?? "", password);
    if (!user || !matches) return { ok: false, reason: "invalid-credentials" };
    // Reported only after the password checked out, so status is not leaked to guessers.
    if (this.#inactive.has(user.sub)) return { ok: false, reason: "deactivated" };
    return { ok: true, user };
  }
}
