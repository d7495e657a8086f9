CREATE TABLE `indicator_changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer
);
--> statement-breakpoint
-- Hand-written below (drizzle-kit does not model triggers). The indicators' counter of migration 0012 goes: what is
-- computed from these tables now learns whose figures moved (a person's id; 0: only names or titles; NULL: everyone's).
DROP TRIGGER `indicators_version_enrolments_insert`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_enrolments_delete`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_enrolments_update`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_certificates_insert`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_certificates_delete`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_certificates_update`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_assessment_attempts_insert`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_assessment_attempts_delete`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_assessment_attempts_update`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_survey_responses_insert`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_survey_responses_delete`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_survey_responses_update`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_associations_insert`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_associations_delete`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_associations_update`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_offerings_insert`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_offerings_delete`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_offerings_update`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_courses_insert`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_courses_delete`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_courses_update`;
--> statement-breakpoint
DROP TRIGGER `indicators_version_users_update`;
--> statement-breakpoint
DELETE FROM `data_versions` WHERE `name` = 'indicators';
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_keep_last` AFTER INSERT ON `indicator_changes` BEGIN DELETE FROM `indicator_changes` WHERE `seq` <= NEW.`seq` - 10000; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_enrolments_insert` AFTER INSERT ON `enrolments` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (NEW.`user_id`); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_enrolments_delete` AFTER DELETE ON `enrolments` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (OLD.`user_id`); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_enrolments_update` AFTER UPDATE OF `offering_id`, `user_id`, `status`, `enrolled_at`, `completed_at` ON `enrolments` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (NEW.`user_id`); INSERT INTO `indicator_changes` (`user_id`) SELECT OLD.`user_id` WHERE OLD.`user_id` IS NOT NEW.`user_id`; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_certificates_insert` AFTER INSERT ON `certificates` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (NEW.`user_id`); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_certificates_delete` AFTER DELETE ON `certificates` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (OLD.`user_id`); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_certificates_update` AFTER UPDATE OF `user_id`, `offering_id`, `course_id`, `issued_at`, `revoked_at` ON `certificates` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (NEW.`user_id`); INSERT INTO `indicator_changes` (`user_id`) SELECT OLD.`user_id` WHERE OLD.`user_id` IS NOT NEW.`user_id`; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_assessment_attempts_insert` AFTER INSERT ON `assessment_attempts` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (NEW.`user_id`); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_assessment_attempts_delete` AFTER DELETE ON `assessment_attempts` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (OLD.`user_id`); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_assessment_attempts_update` AFTER UPDATE ON `assessment_attempts` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (NEW.`user_id`); INSERT INTO `indicator_changes` (`user_id`) SELECT OLD.`user_id` WHERE OLD.`user_id` IS NOT NEW.`user_id`; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_survey_responses_insert` AFTER INSERT ON `survey_responses` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (COALESCE((SELECT `user_id` FROM `enrolments` WHERE `id` = NEW.`enrolment_id`), 0)); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_survey_responses_delete` AFTER DELETE ON `survey_responses` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (COALESCE((SELECT `user_id` FROM `enrolments` WHERE `id` = OLD.`enrolment_id`), 0)); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_survey_responses_update` AFTER UPDATE ON `survey_responses` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (COALESCE((SELECT `user_id` FROM `enrolments` WHERE `id` = NEW.`enrolment_id`), 0)); INSERT INTO `indicator_changes` (`user_id`) SELECT COALESCE((SELECT `user_id` FROM `enrolments` WHERE `id` = OLD.`enrolment_id`), 0) WHERE OLD.`enrolment_id` IS NOT NEW.`enrolment_id`; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_users_update` AFTER UPDATE OF `sex`, `birth_year`, `profile_consent_at`, `association_id`, `region_code` ON `users` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (NEW.`id`); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_associations_insert` AFTER INSERT ON `associations` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (0); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_associations_delete` AFTER DELETE ON `associations` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (NULL); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_associations_name` AFTER UPDATE OF `name` ON `associations` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (0); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_associations_region` AFTER UPDATE OF `region_code` ON `associations` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (0); INSERT INTO `indicator_changes` (`user_id`) SELECT `id` FROM `users` WHERE `association_id` = NEW.`id`; END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_offerings_insert` AFTER INSERT ON `offerings` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (0); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_offerings_delete` AFTER DELETE ON `offerings` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (NULL); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_offerings_update` AFTER UPDATE OF `course_id` ON `offerings` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (NULL); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_courses_insert` AFTER INSERT ON `courses` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (0); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_courses_delete` AFTER DELETE ON `courses` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (0); END;
--> statement-breakpoint
CREATE TRIGGER `indicator_changes_courses_update` AFTER UPDATE OF `title` ON `courses` BEGIN INSERT INTO `indicator_changes` (`user_id`) VALUES (0); END;
