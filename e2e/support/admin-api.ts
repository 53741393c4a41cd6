import { expect, type Page } from "@playwright/test";
import { makeScimClient, overHttp } from "../../test/support/scim/client";
import { e2eStack, signIn } from "./sign-in";

// What an admin does before an IdP provisions anything, through Candor's own admin API with the
// admin's SSO cookie (same-origin writes carry Origin, as the browser sends it): a SCIM token, the
// group mappings, and a look at the people the IdP provisioned.

export interface AdminUser {
  id: string;
  name: string;
  email: string;
  role: string;
  region: string | null;
  active: boolean;
}

export async function asAdmin(page: Page) {
  const { appUrl } = e2eStack();
  await signIn(page, "admin@acme.example");
  const write = (method: string, path: string, data: unknown) => page.request.fetch(`${appUrl}${path}`, { method, data, headers: { origin: appUrl } });
  return {
    // A SCIM client for the IdP, at the public /scim/v2 base (next start's rewrite included).
    async scim(name: string) {
      const res = await write("POST", "/api/v1/admin/scim-tokens", { name });
      expect(res.status()).toBe(201);
      return makeScimClient(((await res.json()) as { token: string }).token, overHttp(`${appUrl}/scim/v2`));
    },
    async mapGroup(groupDisplayName: string, role: string, region: string | null = null) {
      const res = await write("POST", "/api/v1/admin/group-role-mappings", { groupDisplayName, role, ...(region ? { region } : {}) });
      expect(res.status()).toBe(201);
    },
    async users(q = ""): Promise<AdminUser[]> {
      const res = await page.request.get(`${appUrl}/api/v1/admin/users?limit=100&q=${encodeURIComponent(q)}`);
      expect(res.status()).toBe(200);
      return ((await res.json()) as { users: AdminUser[] }).users;
    },
    async user(id: string): Promise<AdminUser> {
      const found = (await this.users()).find((u) => u.id === id);
      expect(found, `user ${id}`).toBeDefined();
      return found!;
    },
  };
}
