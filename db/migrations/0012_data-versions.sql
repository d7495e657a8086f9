CREATE TABLE `data_versions` (
	`name` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Hand-written below (drizzle-kit does not model triggers): the counters, and the triggers that move them.
INSERT INTO `data_versions` (`name`, `version`) VALUES ('indicators', 0), ('lessons', 0), ('catalogue', 0);
--> statement-breakpoint
CREATE TRIGGER `indicators_version_enrolments_insert` AFTER INSERT ON `enrolments` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_enrolments_delete` AFTER DELETE ON `enrolments` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_enrolments_update` AFTER UPDATE OF `offering_id`, `user_id`, `status`, `enrolled_at`, `completed_at` ON `enrolments` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_certificates_insert` AFTER INSERT ON `certificates` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_certificates_delete` AFTER DELETE ON `certificates` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_certificates_update` AFTER UPDATE OF `user_id`, `offering_id`, `course_id`, `issued_at`, `revoked_at` ON `certificates` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_assessment_attempts_insert` AFTER INSERT ON `assessment_attempts` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_assessment_attempts_delete` AFTER DELETE ON `assessment_attempts` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_assessment_attempts_update` AFTER UPDATE ON `assessment_attempts` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_survey_responses_insert` AFTER INSERT ON `survey_responses` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_survey_responses_delete` AFTER DELETE ON `survey_responses` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_survey_responses_update` AFTER UPDATE ON `survey_responses` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_users_update` AFTER UPDATE OF `sex`, `birth_year`, `profile_consent_at`, `association_id`, `region_code` ON `users` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_associations_insert` AFTER INSERT ON `associations` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_associations_delete` AFTER DELETE ON `associations` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_associations_update` AFTER UPDATE OF `name`, `region_code` ON `associations` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_offerings_insert` AFTER INSERT ON `offerings` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_offerings_delete` AFTER DELETE ON `offerings` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_offerings_update` AFTER UPDATE OF `course_id` ON `offerings` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_courses_insert` AFTER INSERT ON `courses` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_courses_delete` AFTER DELETE ON `courses` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_version_courses_update` AFTER UPDATE OF `title` ON `courses` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'indicators'; END;
--> statement-breakpoint
CREATE TRIGGER `lessons_version_compiled_lessons_insert` AFTER INSERT ON `compiled_lessons` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'lessons'; END;
--> statement-breakpoint
CREATE TRIGGER `lessons_version_compiled_lessons_delete` AFTER DELETE ON `compiled_lessons` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'lessons'; END;
--> statement-breakpoint
CREATE TRIGGER `lessons_version_compiled_lessons_update` AFTER UPDATE ON `compiled_lessons` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'lessons'; END;
--> statement-breakpoint
CREATE TRIGGER `catalogue_version_courses_insert` AFTER INSERT ON `courses` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'catalogue'; END;
--> statement-breakpoint
CREATE TRIGGER `catalogue_version_courses_delete` AFTER DELETE ON `courses` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'catalogue'; END;
--> statement-breakpoint
CREATE TRIGGER `catalogue_version_courses_update` AFTER UPDATE ON `courses` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'catalogue'; END;
--> statement-breakpoint
CREATE TRIGGER `catalogue_version_lessons_insert` AFTER INSERT ON `lessons` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'catalogue'; END;
--> statement-breakpoint
CREATE TRIGGER `catalogue_version_lessons_delete` AFTER DELETE ON `lessons` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'catalogue'; END;
--> statement-breakpoint
CREATE TRIGGER `catalogue_version_lessons_update` AFTER UPDATE ON `lessons` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'catalogue'; END;
