// Schema documents for /Schemas (RFC 7643 §8.7). The text mirrors RFC 7643 as published by the scimmy
// project, so the documents we serve diff cleanly against an independent implementation.

export type AttributeType = "string" | "boolean" | "decimal" | "integer" | "dateTime" | "reference" | "complex" | "binary";
export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";
export type Returned = "always" | "never" | "default" | "request";
export type Uniqueness = "none" | "server" | "global";

export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact?: boolean;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness?: Uniqueness;
  readonly subAttributes?: readonly AttributeDefinition[];
}

export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

type AttributeOptions = Partial<Omit<AttributeDefinition, "name" | "type" | "description">>;

// RFC 7643 §2.2 defaults; caseExact only means something for text-like types and uniqueness is
// omitted for booleans, as in the RFC's own §8.7.1 listing.
function attr(name: string, type: AttributeType, description: string, options: AttributeOptions = {}): AttributeDefinition {
  const textual = type === "string" || type === "reference" || type === "binary";
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    ...(textual ? { caseExact: false } : {}),
    mutability: "readWrite",
    returned: "default",
    ...(type === "boolean" ? {} : { uniqueness: "none" as const }),
    ...options,
  };
}

export const USER_SCHEMA_ID = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_USER_SCHEMA_ID = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const GROUP_SCHEMA_ID = "urn:ietf:params:scim:schemas:core:2.0:Group";

export const USER_SCHEMA: SchemaDefinition = {
  id: USER_SCHEMA_ID,
  name: "User",
  description: "User Account",
  attributes: [
    attr("userName", "string", "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. Each User MUST include a non-empty userName value. This identifier MUST be unique across the service provider's entire set of Users. REQUIRED.", { required: true, uniqueness: "server" }),
    attr("name", "complex", "The components of the user's real name. Providers MAY return just the full name as a single string in the formatted sub-attribute, or they MAY return just the individual component attributes using the other sub-attributes, or they MAY return both. If both variants are returned, they SHOULD be describing the same name, with the formatted name indicating how the component attributes should be combined.", { subAttributes: [
      attr("formatted", "string", "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display (e.g. 'Ms. Barbara J Jensen, III')."),
      attr("familyName", "string", "The family name of the User, or last name in most Western languages (e.g. 'Jensen' given the full name 'Ms. Barbara J Jensen, III')."),
      attr("givenName", "string", "The given name of the User, or first name in most Western languages (e.g. 'Barbara' given the full name 'Ms. Barbara J Jensen, III')."),
      attr("middleName", "string", "The middle name(s) of the User (e.g. 'Jane' given the full name 'Ms. Barbara J Jensen, III')."),
      attr("honorificPrefix", "string", "The honorific prefix(es) of the User, or title in most Western languages (e.g. 'Ms.' given the full name 'Ms. Barbara J Jensen, III')."),
      attr("honorificSuffix", "string", "The honorific suffix(es) of the User, or suffix in most Western languages (e.g. 'III' given the full name 'Ms. Barbara J Jensen, III')."),
    ] }),
    attr("displayName", "string", "The name of the User, suitable for display to end-users. The name SHOULD be the full name of the User being described, if known."),
    attr("nickName", "string", "The casual way to address the user in real life, e.g. 'Bob' or 'Bobby' instead of 'Robert'. This attribute SHOULD NOT be used to represent a User's username (e.g. 'bjensen' or 'mpepperidge')."),
    attr("profileUrl", "reference", "A fully qualified URL pointing to a page representing the User's online profile.", { referenceTypes: ["external"] }),
    attr("title", "string", "The user's title, such as 'Vice President'."),
    attr("userType", "string", "Used to identify the relationship between the organization and the user. Typical values used might be 'Contractor', 'Employee', 'Intern', 'Temp', 'External', and 'Unknown', but any value may be used."),
    attr("preferredLanguage", "string", "Indicates the User's preferred written or spoken language. Generally used for selecting a localized user interface; e.g. 'en_US' specifies the language English and country US."),
    attr("locale", "string", "Used to indicate the User's default location for purposes of localizing items such as currency, date time format, or numerical representations."),
    attr("timezone", "string", "The User's time zone in the 'Olson' time zone database format, e.g. 'America/Los_Angeles'."),
    attr("active", "boolean", "A Boolean value indicating the User's administrative status."),
    attr("password", "string", "The User's cleartext password. This attribute is intended to be used as a means to specify an initial password when creating a new User or to reset an existing User's password.", { mutability: "writeOnly", returned: "never" }),
    attr("emails", "complex", "Email addresses for the user. The value SHOULD be canonicalized by the service provider, e.g. 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'. Canonical type values of 'work', 'home', and 'other'.", { multiValued: true, subAttributes: [
      attr("value", "string", "Email addresses for the user. The value SHOULD be canonicalized by the service provider, e.g. 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'. Canonical type values of 'work', 'home', and 'other'."),
      attr("display", "string", "A human-readable name, primarily used for display purposes. READ-ONLY."),
      attr("type", "string", "A label indicating the attribute's function, e.g. 'work' or 'home'.", { canonicalValues: ["work", "home", "other"] }),
      attr("primary", "boolean", "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g. the preferred mailing address or primary email address. The primary attribute value 'true' MUST appear no more than once."),
    ] }),
    attr("phoneNumbers", "complex", "Phone numbers for the User. The value SHOULD be canonicalized by the service provider according to the format specified in RFC 3966, e.g. 'tel:+1-201-555-0123'. Canonical type values of 'work', 'home', 'mobile', 'fax', 'pager', and 'other'.", { multiValued: true, subAttributes: [
      attr("value", "string", "Phone number of the User."),
      attr("display", "string", "A human-readable name, primarily used for display purposes. READ-ONLY."),
      attr("type", "string", "A label indicating the attribute's function, e.g. 'work', 'home', 'mobile'.", { canonicalValues: ["work", "home", "mobile", "fax", "pager", "other"] }),
      attr("primary", "boolean", "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g. the preferred phone number or primary phone number. The primary attribute value 'true' MUST appear no more than once."),
    ] }),
    attr("ims", "complex", "Instant messaging addresses for the User.", { multiValued: true, subAttributes: [
      attr("value", "string", "Instant messaging address for the User."),
      attr("display", "string", "A human-readable name, primarily used for display purposes. READ-ONLY."),
      attr("type", "string", "A label indicating the attribute's function, e.g. 'aim', 'gtalk', 'xmpp'.", { canonicalValues: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"] }),
      attr("primary", "boolean", "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g. the preferred messenger or primary messenger. The primary attribute value 'true' MUST appear no more than once."),
    ] }),
    attr("photos", "complex", "URLs of photos of the User.", { multiValued: true, subAttributes: [
      attr("value", "reference", "URL of a photo of the User.", { referenceTypes: ["external"] }),
      attr("display", "string", "A human-readable name, primarily used for display purposes. READ-ONLY."),
      attr("type", "string", "A label indicating the attribute's function, i.e., 'photo' or 'thumbnail'.", { canonicalValues: ["photo", "thumbnail"] }),
      attr("primary", "boolean", "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g. the preferred photo or thumbnail. The primary attribute value 'true' MUST appear no more than once."),
    ] }),
    attr("addresses", "complex", "A physical mailing address for this User. Canonical type values of 'work', 'home', and 'other'. This attribute is a complex type with the following sub-attributes.", { multiValued: true, subAttributes: [
      attr("formatted", "string", "The full mailing address, formatted for display or use with a mailing label. This attribute MAY contain newlines."),
      attr("streetAddress", "string", "The full street address component, which may include house number, street name, P.O. box, and multi-line extended street address information. This attribute MAY contain newlines."),
      attr("locality", "string", "The city or locality component."),
      attr("region", "string", "The state or region component."),
      attr("postalCode", "string", "The zip code or postal code component."),
      attr("country", "string", "The country name component."),
      attr("type", "string", "A label indicating the attribute's function, e.g. 'work' or 'home'.", { canonicalValues: ["work", "home", "other"] }),
      attr("primary", "boolean", "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g. the preferred mailing address or primary email address. The primary attribute value 'true' MUST appear no more than once."),
    ] }),
    attr("groups", "complex", "A list of groups to which the user belongs, either through direct membership, through nested groups, or dynamically calculated.", { multiValued: true, mutability: "readOnly", subAttributes: [
      attr("value", "string", "The identifier of the User's group.", { mutability: "readOnly" }),
      attr("$ref", "reference", "The URI of the corresponding 'Group' resource to which the user belongs.", { mutability: "readOnly", referenceTypes: ["User", "Group"] }),
      attr("display", "string", "A human-readable name, primarily used for display purposes. READ-ONLY.", { mutability: "readOnly" }),
      attr("type", "string", "A label indicating the attribute's function, e.g. 'direct' or 'indirect'.", { mutability: "readOnly", canonicalValues: ["direct", "indirect"] }),
    ] }),
    attr("entitlements", "complex", "A list of entitlements for the User that represent a thing the User has.", { multiValued: true, subAttributes: [
      attr("value", "string", "The value of an entitlement."),
      attr("display", "string", "A human-readable name, primarily used for display purposes. READ-ONLY."),
      attr("type", "string", "A label indicating the attribute's function."),
      attr("primary", "boolean", "A Boolean value indicating the 'primary' or preferred attribute value for this attribute. The primary attribute value 'true' MUST appear no more than once."),
    ] }),
    attr("roles", "complex", "A list of roles for the User that collectively represent who the User is, e.g. 'Student', 'Faculty'.", { multiValued: true, subAttributes: [
      attr("value", "string", "The value of a role."),
      attr("display", "string", "A human-readable name, primarily used for display purposes. READ-ONLY."),
      attr("type", "string", "A label indicating the attribute's function.", { canonicalValues: [] }),
      attr("primary", "boolean", "A Boolean value indicating the 'primary' or preferred attribute value for this attribute. The primary attribute value 'true' MUST appear no more than once."),
    ] }),
    attr("x509Certificates", "complex", "A list of certificates issued to the User.", { multiValued: true, subAttributes: [
      attr("value", "binary", "The value of an X.509 certificate.", { caseExact: true }),
      attr("display", "string", "A human-readable name, primarily used for display purposes. READ-ONLY."),
      attr("type", "string", "A label indicating the attribute's function.", { canonicalValues: [] }),
      attr("primary", "boolean", "A Boolean value indicating the 'primary' or preferred attribute value for this attribute. The primary attribute value 'true' MUST appear no more than once."),
    ] }),
  ],
};

export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA_ID,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    attr("employeeNumber", "string", "Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization."),
    attr("costCenter", "string", "Identifies the name of a cost center."),
    attr("organization", "string", "Identifies the name of an organization."),
    attr("division", "string", "Identifies the name of a division."),
    attr("department", "string", "Identifies the name of a department."),
    attr("manager", "complex", "The User's manager.  A complex type that optionally allows service providers to represent organizational hierarchy by referencing the 'id' attribute of another User.", { subAttributes: [
      attr("value", "string", "The id of the SCIM resource representing the User's manager."),
      attr("$ref", "reference", "The URI of the SCIM resource representing the User's manager.", { referenceTypes: ["User"] }),
      attr("displayName", "string", "The displayName of the User's manager.", { mutability: "readOnly" }),
    ] }),
  ],
};

export const GROUP_SCHEMA: SchemaDefinition = {
  id: GROUP_SCHEMA_ID,
  name: "Group",
  description: "Group",
  attributes: [
    attr("displayName", "string", "A human-readable name for the Group. REQUIRED.", { required: true }),
    attr("members", "complex", "A list of members of the Group.", { multiValued: true, subAttributes: [
      attr("value", "string", "Identifier of the member of this Group.", { mutability: "immutable" }),
      attr("display", "string", "Human-readable name of the member of this Group.", { mutability: "immutable" }),
      attr("$ref", "reference", "The URI corresponding to a SCIM resource that is a member of this Group.", { mutability: "immutable", referenceTypes: ["User", "Group"] }),
      attr("type", "string", "A label indicating the type of resource, e.g., 'User' or 'Group'.", { mutability: "immutable", canonicalValues: ["User", "Group"] }),
    ] }),
  ],
};

// RFC 7643 §3.1: present on every resource but not part of any schema document.
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [
  attr("id", "string", "A unique identifier for a SCIM resource as defined by the service provider.", {
    caseExact: true, mutability: "readOnly", returned: "always", uniqueness: "server" }),
  attr("externalId", "string", "A String that is an identifier for the resource as defined by the provisioning client.", {
    caseExact: true }),
  attr("meta", "complex", "A complex attribute containing resource metadata.", { mutability: "readOnly", subAttributes: [
    attr("resourceType", "string", "The name of the resource type of the resource.", { caseExact: true, mutability: "readOnly" }),
    attr("created", "dateTime", "The DateTime that the resource was added to the service provider.", { mutability: "readOnly" }),
    attr("lastModified", "dateTime", "The most recent DateTime that the details of this resource were updated at the service provider.", {
      mutability: "readOnly" }),
    attr("location", "reference", "The URI of the resource being returned.", { caseExact: true, mutability: "readOnly" }),
    attr("version", "string", "The version of the resource being returned.", { caseExact: true, mutability: "readOnly" }),
  ] }),
];
