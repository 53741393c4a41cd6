// Job kinds of lib/crm, apart from their handlers so services can enqueue them without
// registering anything.
export const CRM_FIELD_VISIBILITY_JOB = "crm_field_visibility";
