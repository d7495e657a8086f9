CREATE TABLE `certificate_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`offering_id` integer NOT NULL,
	`requested_by` integer NOT NULL,
	`language` text NOT NULL,
	`enrolment_ids` text NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`issued` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`offering_id`) REFERENCES `offerings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`enrolment_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`offering_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`language` text NOT NULL,
	`name_arabic` text,
	`name_latin` text,
	`course_title` text NOT NULL,
	`hours` integer NOT NULL,
	`period_label` text NOT NULL,
	`completed_at` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`issuer` text NOT NULL,
	`co_issuer` text,
	`issued_by` integer,
	`subject_salt` text NOT NULL,
	`revoked_at` integer,
	`revoked_by` integer,
	`revocation_reason` text,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`offering_id`) REFERENCES `offerings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_code_unique` ON `certificates` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_enrolment_unique` ON `certificates` (`enrolment_id`);--> statement-breakpoint
CREATE INDEX `certificates_offering_idx` ON `certificates` (`offering_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
