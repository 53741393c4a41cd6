// Public surface of the pure SCIM 2.0 core (no DB, no HTTP). The /api/scim/v2 routes call these
// and own persistence, authentication and the application/scim+json response.
export { SCIM_ERROR_SCHEMA, SCIM_TYPES, ScimError, scimNotFound, toScimErrorBody, type ScimErrorBody, type ScimType } from "./errors";
export {
  COMPARE_OPS,
  formatAttrPath,
  formatFilter,
  parseFilter,
  parsePatchPath,
  type AttrPath,
  type CompareOp,
  type FilterLiteral,
  type FilterNode,
  type PatchPath,
} from "./filter";
export { matches } from "./filter-match";
export { applyPatch, parsePatchRequest, PATCH_OP_SCHEMA, type PatchOperation, type PatchOpName, type PatchOptions } from "./patch";
export {
  attributesForUri,
  findAttribute,
  findExtension,
  GROUP_RESOURCE,
  rootAttributes,
  USER_RESOURCE,
  validateGroup,
  validateResource,
  validateUser,
  type ResourceSchema,
  type ScimGroup,
  type ScimUser,
  type ValidateOptions,
} from "./schemas";
export * from "./schema-definitions";
export {
  MAX_RESULTS,
  RESOURCE_SCHEMAS,
  resourceTypeDocument,
  resourceTypeDocuments,
  schemaDocument,
  schemaDocuments,
  serviceProviderConfig,
} from "./documents";
export {
  buildListResponse,
  LIST_RESPONSE_SCHEMA,
  normaliseCount,
  normaliseStartIndex,
  parseListParams,
  projectResource,
  type ListOptions,
  type ListParams,
  type ListResponse,
  type Projection,
} from "./list";
export { deepEqual, type JsonObject, type JsonValue } from "./json";
