// Small word lists the demo tenant is assembled from. Every domain ends in .example (RFC 2606) so
// no generated address can reach a real inbox.

export const REGIONS = ["EMEA", "NA"] as const;
export type Region = (typeof REGIONS)[number];
export const REGION_NAMES: Record<Region, string> = { EMEA: "Europe, Middle East & Africa", NA: "North America" };

export const FIRST_NAMES: Record<Region, readonly string[]> = {
  EMEA: [
    "Amelia", "Oliver", "Sofia", "Lukas", "Chloé", "Matteo", "Freya", "Jonas", "Inès", "Daan",
    "Astrid", "Mateo", "Hannah", "Niamh", "Pieter", "Elif", "Karim", "Ingrid", "Tomasz", "Lena",
    "Aoife", "Rafael", "Marta", "Henrik", "Zara", "Felix", "Camille", "Emil", "Priya", "Yusuf",
  ],
  NA: [
    "Emily", "Jacob", "Madison", "Ethan", "Olivia", "Noah", "Ava", "Liam", "Grace", "Mason",
    "Chloe", "Lucas", "Harper", "Aiden", "Sophia", "Elijah", "Isabella", "Carter", "Maya", "Logan",
    "Natalie", "Diego", "Hailey", "Owen", "Keisha", "Wyatt", "Mei", "Caleb", "Aaliyah", "Ryan",
  ],
};

export const LAST_NAMES: Record<Region, readonly string[]> = {
  EMEA: [
    "Schneider", "Dubois", "Jansen", "Rossi", "Andersson", "García", "Murphy", "Kowalski", "Novak",
    "Lindqvist", "Fischer", "Moreau", "de Vries", "Bianchi", "Hughes", "Nielsen", "Petrov", "Kaya",
    "O'Brien", "Weber", "Laurent", "Bakker", "Ferrari", "Svensson", "Taylor", "Okafor", "Haddad",
  ],
  NA: [
    "Johnson", "Williams", "Brown", "Miller", "Davis", "Rodriguez", "Martinez", "Anderson", "Thomas",
    "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "Nguyen", "Patel", "Kim",
    "Robinson", "Carter", "Mitchell", "Reyes", "Campbell", "Tremblay", "Gagnon", "Okonkwo",
  ],
};

export const COUNTRIES: Record<Region, ReadonlyArray<readonly [string, number]>> = {
  EMEA: [
    ["United Kingdom", 30], ["Germany", 22], ["France", 14], ["Netherlands", 10], ["Sweden", 7],
    ["Spain", 6], ["Ireland", 5], ["Poland", 3], ["United Arab Emirates", 3],
  ],
  NA: [["United States", 82], ["Canada", 18]],
};

export const LEGAL_SUFFIX: Record<string, string> = {
  "United Kingdom": "Ltd",
  Germany: "GmbH",
  France: "SAS",
  Netherlands: "B.V.",
  Sweden: "AB",
  Spain: "S.L.",
  Ireland: "Ltd",
  Poland: "Sp. z o.o.",
  "United Arab Emirates": "FZ-LLC",
  "United States": "Inc.",
  Canada: "Inc.",
};

// Phone numbers from ranges reserved for drama/fiction where the country has one.
export const PHONE_PATTERN: Record<string, (n: number) => string> = {
  "United Kingdom": (n) => `+44 20 7946 0${String(n % 1000).padStart(3, "0")}`,
  Ireland: (n) => `+353 20 910 ${String(n % 10000).padStart(4, "0")}`,
  Germany: (n) => `+49 30 2309 ${String(n % 10000).padStart(4, "0")}`,
  France: (n) => `+33 1 99 00 ${String(n % 100).padStart(2, "0")} ${String((n * 7) % 100).padStart(2, "0")}`,
  Netherlands: (n) => `+31 20 799 ${String(n % 10000).padStart(4, "0")}`,
  Sweden: (n) => `+46 8 465 0${String(n % 1000).padStart(3, "0")}`,
  Spain: (n) => `+34 910 000 ${String(n % 1000).padStart(3, "0")}`,
  Poland: (n) => `+48 22 100 ${String(n % 10000).padStart(4, "0")}`,
  "United Arab Emirates": (n) => `+971 4 555 ${String(n % 10000).padStart(4, "0")}`,
  "United States": (n) => `+1 415 555 01${String(n % 100).padStart(2, "0")}`,
  Canada: (n) => `+1 416 555 01${String(n % 100).padStart(2, "0")}`,
};

export const COMPANY_STEMS = [
  "Nordlicht", "Bluefin", "Harbor", "Quartz", "Lumen", "Cobalt", "Meridian", "Tidewater", "Fjord",
  "Copperleaf", "Brightline", "Northwind", "Kestrel", "Summit", "Halcyon", "Ironbridge", "Verdant",
  "Polaris", "Redwood", "Saltmarsh", "Granite", "Aurora", "Beacon", "Larkspur", "Oakridge", "Vantage",
  "Silverline", "Juniper", "Stonegate", "Windrose", "Ember", "Atlas", "Clearwater", "Falcon", "Orbit",
] as const;

export const INDUSTRIES = [
  "Technology", "Finance", "Healthcare", "Retail", "Media", "Manufacturing", "Telecommunications",
  "Education", "Government",
] as const;
export type DemoIndustry = (typeof INDUSTRIES)[number];

export const INDUSTRY_NOUNS: Record<DemoIndustry, readonly string[]> = {
  Technology: ["Software", "Analytics", "Labs", "Systems", "Data"],
  Finance: ["Capital", "Payments", "Bank", "Insurance", "Finance"],
  Healthcare: ["Health", "Medical", "Diagnostics", "Care"],
  Retail: ["Retail", "Commerce", "Outfitters", "Markets"],
  Media: ["Media", "Studios", "Publishing", "Broadcast"],
  Manufacturing: ["Industries", "Manufacturing", "Components", "Robotics"],
  Telecommunications: ["Telecom", "Networks", "Connect"],
  Education: ["Learning", "Academy", "EdTech"],
  Government: ["Council", "Agency", "Authority"],
};

// HubSpot's own industry enum values for the same industries.
export const HUBSPOT_INDUSTRY: Record<DemoIndustry, string> = {
  Technology: "COMPUTER_SOFTWARE",
  Finance: "FINANCIAL_SERVICES",
  Healthcare: "HOSPITAL_HEALTH_CARE",
  Retail: "RETAIL",
  Media: "ONLINE_MEDIA",
  Manufacturing: "MACHINERY",
  Telecommunications: "TELECOMMUNICATIONS",
  Education: "EDUCATION_MANAGEMENT",
  Government: "GOVERNMENT_ADMINISTRATION",
};

export type Seniority = "c_level" | "vp" | "director" | "manager" | "individual" | "unknown";

export const TITLES: Record<Exclude<Seniority, "unknown">, readonly string[]> = {
  c_level: ["CTO", "CIO", "Chief Data Officer", "CEO", "Co-founder & CTO", "Chief Technology Officer"],
  vp: ["VP Engineering", "VP of Data", "SVP Technology", "Vice President, Infrastructure", "VP Platform"],
  director: ["Director of Engineering", "Head of Platform", "Director of IT", "Head of Data", "Director, Cloud Operations"],
  manager: ["Engineering Manager", "IT Manager", "Data Platform Lead", "DevOps Manager", "Team Lead, Backend"],
  individual: ["Software Engineer", "Data Engineer", "DevOps Engineer", "Solutions Architect", "Database Administrator", "Data Analyst", "Site Reliability Engineer"],
};

export const SALESFORCE_LEAD_SOURCES = [
  "Web", "Webinar", "Partner Referral", "Employee Referral", "Trade Show", "Purchased List",
  "Cold Call", "Advertisement",
] as const;
export type SalesforceLeadSource = (typeof SALESFORCE_LEAD_SOURCES)[number];

export const HUBSPOT_SOURCES = [
  "ORGANIC_SEARCH", "DIRECT_TRAFFIC", "REFERRALS", "PAID_SEARCH", "SOCIAL_MEDIA", "EMAIL_MARKETING",
  "OFFLINE", "OTHER_CAMPAIGNS",
] as const;

export const FREE_EMAIL_DOMAINS = ["gmail.example", "outlook.example", "yahoo.example"] as const;

export const WEB_PAGES = [
  "/product", "/product/integrations", "/docs/getting-started", "/customers", "/blog/postgres-at-scale",
  "/security", "/product/backups", "/docs/migration-guide",
] as const;

export const WEBINARS = [
  "Scaling Postgres in the cloud", "Zero-downtime migrations", "Cutting your database bill in half",
  "Multi-region disaster recovery",
] as const;

export const EMAIL_TOPICS = [
  "Acme Cloud trial follow-up", "Quick question about your data platform", "Migration checklist",
  "Case study: 40% lower latency", "Pricing for your team", "Security questionnaire",
] as const;

export const CALL_TOPICS = ["Discovery call", "Follow-up call", "Intro call", "Technical questions", "Left voicemail"] as const;

export const MEETING_TOPICS = [
  "Discovery meeting", "Technical deep dive", "Architecture review", "Proof-of-concept kickoff",
  "Commercial discussion",
] as const;
