// Query keys of the access page (permission matrix, roles, regions and teams, history, check
// access): one factory, so each mutation names exactly what it changes.
export const accessKeys = {
  all: ["access"] as const,
  matrix: () => [...accessKeys.all, "matrix"] as const,
  versions: () => [...accessKeys.all, "versions"] as const,
  regions: () => [...accessKeys.all, "regions"] as const,
  teams: () => [...accessKeys.all, "teams"] as const,
  users: (q: string) => [...accessKeys.all, "users", q] as const,
  check: (input: Record<string, string>) => [...accessKeys.all, "check", input] as const,
};
