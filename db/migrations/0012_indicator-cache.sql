CREATE TABLE `indicator_data_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Hand-written below: the counter's one row, and the triggers that move it (drizzle-kit does not model triggers).
INSERT INTO `indicator_data_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `indicator_data_enrolments_insert` AFTER INSERT ON `enrolments` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_enrolments_delete` AFTER DELETE ON `enrolments` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_enrolments_update` AFTER UPDATE OF `offering_id`, `user_id`, `status`, `enrolled_at`, `completed_at` ON `enrolments` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_certificates_insert` AFTER INSERT ON `certificates` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_certificates_delete` AFTER DELETE ON `certificates` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_certificates_update` AFTER UPDATE OF `user_id`, `offering_id`, `course_id`, `issued_at`, `revoked_at` ON `certificates` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_assessment_attempts_insert` AFTER INSERT ON `assessment_attempts` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_assessment_attempts_delete` AFTER DELETE ON `assessment_attempts` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_assessment_attempts_update` AFTER UPDATE ON `assessment_attempts` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_survey_responses_insert` AFTER INSERT ON `survey_responses` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_survey_responses_delete` AFTER DELETE ON `survey_responses` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_survey_responses_update` AFTER UPDATE ON `survey_responses` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_users_update` AFTER UPDATE OF `sex`, `birth_year`, `profile_consent_at`, `association_id`, `region_code` ON `users` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_associations_insert` AFTER INSERT ON `associations` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_associations_delete` AFTER DELETE ON `associations` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_associations_update` AFTER UPDATE OF `name`, `region_code` ON `associations` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_offerings_insert` AFTER INSERT ON `offerings` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_offerings_delete` AFTER DELETE ON `offerings` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_offerings_update` AFTER UPDATE OF `course_id` ON `offerings` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_courses_insert` AFTER INSERT ON `courses` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_courses_delete` AFTER DELETE ON `courses` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_data_courses_update` AFTER UPDATE OF `title` ON `courses` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
