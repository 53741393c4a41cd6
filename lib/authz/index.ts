// lib/authz: where every permission is decided. capabilities.ts names what can be granted,
// default-matrix.ts is every tenant's starting point, policy.ts decides (pure), sql.ts applies the
// same rule in queries, store.ts loads the matrix in force, admin.ts edits it.
export * from "./capabilities";
export * from "./policy";
export * from "./sql";
export type { Grants, RoleGrants } from "./default-matrix";
