// lib/privacy: how personal data leaves Candor, per the caller's PII mode (lib/authz decides the
// mode; this folder applies it). Consent and retention live in lib/governance.
export * from "./present";
