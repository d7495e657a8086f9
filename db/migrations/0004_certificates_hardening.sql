CREATE TABLE `certificate_job_skips` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`enrolment_id` integer NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `certificate_jobs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificate_job_skips_unique` ON `certificate_job_skips` (`job_id`,`enrolment_id`);--> statement-breakpoint
DROP INDEX `certificates_enrolment_unique`;--> statement-breakpoint
ALTER TABLE `certificates` ADD `revocation_category` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `replaced_by_id` integer;--> statement-breakpoint
ALTER TABLE `certificates` ADD `replaces_id` integer;--> statement-breakpoint
ALTER TABLE `certificates` ADD `job_id` integer;--> statement-breakpoint
ALTER TABLE `certificates` ADD `branding` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `starts_at` integer;--> statement-breakpoint
ALTER TABLE `certificates` ADD `ends_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_enrolment_valid_unique` ON `certificates` (`enrolment_id`) WHERE revoked_at IS NULL;--> statement-breakpoint
CREATE INDEX `certificates_enrolment_idx` ON `certificates` (`enrolment_id`);--> statement-breakpoint
CREATE INDEX `certificates_job_idx` ON `certificates` (`job_id`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `pending` integer DEFAULT false NOT NULL;