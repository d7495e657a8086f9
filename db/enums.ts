// Value lists shared by the database schema and the browser: no database code here, so forms can import them.

/**
 * A coordinator is a member of an association (association id set) who follows and enrols its members. A partner is a
 * staff account of a funder organisation (`partners`): it sees aggregated indicators of its linked offerings only.
 */
export const ROLES = ["learner", "trainer", "admin", "coordinator", "partner"] as const;
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

/** Sex as the centre reports it to funders; null in the database means "not given" (its own group in reports). */
export const SEX_VALUES = ["female", "male"] as const;
export type Sex = (typeof SEX_VALUES)[number];

/** A course's knowledge test taken before the first lesson (pre) and after the last one (post). */
export const ASSESSMENT_KINDS = ["pre", "post"] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

/** The five satisfaction questions, each answered on a 1–5 Likert scale (1 = strongly disagree, 5 = strongly agree). */
export const SURVEY_QUESTIONS = ["relevance", "clarity", "trainer", "usefulness", "recommend"] as const;
export type SurveyQuestion = (typeof SURVEY_QUESTIONS)[number];

/** The 90-day follow-up: has the learner used what they learned in their association? */
export const FOLLOW_UP_USES = ["yes", "partly", "no"] as const;
export type FollowUpUse = (typeof FOLLOW_UP_USES)[number];
