CREATE TABLE `enrolments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`offering_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`status` text NOT NULL,
	`requested_at` integer NOT NULL,
	`enrolled_at` integer,
	`withdrawn_at` integer,
	`completed_at` integer,
	`last_activity_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`offering_id`) REFERENCES `offerings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrolments_offering_user_unique` ON `enrolments` (`offering_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `enrolments_offering_status_idx` ON `enrolments` (`offering_id`,`status`,`requested_at`);--> statement-breakpoint
CREATE INDEX `enrolments_user_idx` ON `enrolments` (`user_id`);--> statement-breakpoint
CREATE TABLE `lesson_progress` (
	`enrolment_id` integer NOT NULL,
	`lesson_id` integer NOT NULL,
	`first_opened_at` integer,
	`completed_at` integer,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lesson_progress_pk` ON `lesson_progress` (`enrolment_id`,`lesson_id`);--> statement-breakpoint
CREATE TABLE `offering_trainers` (
	`offering_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	FOREIGN KEY (`offering_id`) REFERENCES `offerings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offering_trainers_pk` ON `offering_trainers` (`offering_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `offering_trainers_user_idx` ON `offering_trainers` (`user_id`);--> statement-breakpoint
CREATE TABLE `offerings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` text NOT NULL,
	`period_label` text NOT NULL,
	`enrol_opens_at` integer NOT NULL,
	`enrol_closes_at` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`capacity` integer NOT NULL,
	`languages` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offerings_course_idx` ON `offerings` (`course_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `offerings_course_period_unique` ON `offerings` (`course_id`,`period_label`);--> statement-breakpoint
CREATE TABLE `quiz_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enrolment_id` integer NOT NULL,
	`lesson_id` integer NOT NULL,
	`quiz_id` text NOT NULL,
	`answers` text NOT NULL,
	`score` integer NOT NULL,
	`pass_mark` integer NOT NULL,
	`passed` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quiz_attempts_enrolment_idx` ON `quiz_attempts` (`enrolment_id`,`lesson_id`,`quiz_id`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enrolment_id` integer NOT NULL,
	`lesson_id` integer NOT NULL,
	`exercise_id` text NOT NULL,
	`answer` text NOT NULL,
	`file_name` text,
	`file_key` text,
	`file_type` text,
	`file_size` integer,
	`status` text DEFAULT 'submitted' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`feedback` text,
	`reviewed_by` integer,
	`reviewed_at` integer,
	`submitted_at` integer NOT NULL,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_exercise_unique` ON `submissions` (`enrolment_id`,`lesson_id`,`exercise_id`);--> statement-breakpoint
CREATE INDEX `submissions_status_idx` ON `submissions` (`status`);