import type { Hono } from "hono";
import type { SandboxContext } from "./context.js";
import { notFound } from "./errors.js";
import { limitParam, pageSlice } from "./http-util.js";
import type { SandboxHsUser } from "./index.js";

// The sandbox makes every portal user an owner whose owner id equals the user id; real HubSpot
// numbers them separately, so code that maps owners to users should go through `userId`.
function owner(u: SandboxHsUser, createdAt: string) {
  return {
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    userId: Number(u.id),
    createdAt,
    updatedAt: createdAt,
    archived: false,
    teams: [],
  };
}

export function registerOwnerRoutes(app: Hono, ctx: SandboxContext): void {
  const createdAt = new Date().toISOString();

  app.get("/crm/v3/owners", (c) => {
    const email = c.req.query("email")?.toLowerCase();
    const all = ctx.opts.users.filter((u) => !email || u.email.toLowerCase() === email).map((u) => owner(u, createdAt));
    const { page, next } = pageSlice(all, c.req.query("after"), limitParam(c.req.query("limit"), 100, 500));
    return c.json(next ? { results: page, paging: { next: { after: next } } } : { results: page });
  });

  app.get("/crm/v3/owners/:ownerId", (c) => {
    const u = ctx.user(c.req.param("ownerId"));
    if (!u) throw notFound(`Owner ${c.req.param("ownerId")} not found`);
    return c.json(owner(u, createdAt));
  });
}
