// Value lists shared by the database schema and the browser: no database code here, so forms can import them.

/** A partner is a staff account of a funder organisation (`partners`): it sees aggregated indicators of its linked offerings only. */
export const ROLES = ["learner", "trainer", "admin", "partner"] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ["ar", "fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** Morocco's twelve regions (2015 division). */
export const REGION_CODES = ["TTA", "ORI", "FME", "RSK", "BMK", "CSE", "MSA", "DTA", "SMA", "GON", "LSH", "DOD"] as const;
export type RegionCode = (typeof REGION_CODES)[number];

export const ASSOCIATION_STATUSES = ["active", "pending", "inactive"] as const;
export type AssociationStatus = (typeof ASSOCIATION_STATUSES)[number];

export const COURSE_CATEGORIES = ["communication", "proposal-writing", "crowdfunding", "it-training"] as const;

export const OFFERING_STATUSES = ["draft", "open", "running", "closed"] as const;
export type OfferingStatus = (typeof OFFERING_STATUSES)[number];

export const ENROLMENT_STATUSES = ["enrolled", "waitlisted", "withdrawn"] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

export const SUBMISSION_STATUSES = ["submitted", "changes_requested", "accepted"] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const CERTIFICATE_LANGUAGES = ["ar", "fr", "ar-fr"] as const;
export type CertificateLanguage = (typeof CERTIFICATE_LANGUAGES)[number];

/** Why a certificate was revoked; the free-text note beside it stays internal. */
export const REVOCATION_REASONS = ["issued-in-error", "replaced", "withdrawn"] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/** Why a bulk run passed over a learner. */
export const SKIP_REASONS = ["not-eligible", "missing-name", "not-found", "has-certificate", "branding-incomplete"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
