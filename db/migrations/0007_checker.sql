CREATE TABLE `lesson_problems` (
	`course_id` text NOT NULL,
	`lesson_slug` text NOT NULL,
	`locale` text NOT NULL,
	`file` text NOT NULL,
	`hash` text,
	`diagnostics` text NOT NULL,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lesson_problems_pk` ON `lesson_problems` (`course_id`,`lesson_slug`,`locale`);