// Query keys of the identity admin page: one factory, so a mutation names exactly what it changes.
export const identityKeys = {
  all: ["identity"] as const,
  mappings: () => [...identityKeys.all, "mappings"] as const,
  scimTokens: () => [...identityKeys.all, "scim-tokens"] as const,
};
