CREATE TABLE `assessment_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`offering_id` integer NOT NULL,
	`enrolment_id` integer NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`max_score` integer NOT NULL,
	`answers` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`offering_id`) REFERENCES `offerings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "assessment_attempts_score_range" CHECK("assessment_attempts"."score" >= 0 AND "assessment_attempts"."score" <= "assessment_attempts"."max_score" AND "assessment_attempts"."max_score" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessment_attempts_enrolment_kind_unique` ON `assessment_attempts` (`enrolment_id`,`kind`);--> statement-breakpoint
CREATE INDEX `assessment_attempts_offering_idx` ON `assessment_attempts` (`offering_id`,`kind`);--> statement-breakpoint
CREATE TABLE `follow_ups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enrolment_id` integer NOT NULL,
	`token_hash` text,
	`due_at` integer NOT NULL,
	`sent_at` integer,
	`expires_at` integer,
	`answered_at` integer,
	`used` text,
	`how` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `follow_ups_enrolment_unique` ON `follow_ups` (`enrolment_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `follow_ups_token_unique` ON `follow_ups` (`token_hash`);--> statement-breakpoint
CREATE INDEX `follow_ups_due_idx` ON `follow_ups` (`sent_at`,`due_at`);--> statement-breakpoint
CREATE TABLE `survey_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enrolment_id` integer NOT NULL,
	`offering_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`relevance` integer NOT NULL,
	`clarity` integer NOT NULL,
	`trainer` integer NOT NULL,
	`usefulness` integer NOT NULL,
	`recommend` integer NOT NULL,
	`comment` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`offering_id`) REFERENCES `offerings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "survey_responses_likert" CHECK("survey_responses"."relevance" BETWEEN 1 AND 5 AND "survey_responses"."clarity" BETWEEN 1 AND 5 AND "survey_responses"."trainer" BETWEEN 1 AND 5 AND "survey_responses"."usefulness" BETWEEN 1 AND 5 AND "survey_responses"."recommend" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_responses_enrolment_unique` ON `survey_responses` (`enrolment_id`);--> statement-breakpoint
CREATE INDEX `survey_responses_offering_idx` ON `survey_responses` (`offering_id`);--> statement-breakpoint
CREATE INDEX `survey_responses_course_idx` ON `survey_responses` (`course_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `sex` text;--> statement-breakpoint
ALTER TABLE `users` ADD `birth_year` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `profile_consent_at` integer;