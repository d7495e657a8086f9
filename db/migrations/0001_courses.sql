CREATE TABLE `compiled_lessons` (
	`lesson_id` integer NOT NULL,
	`locale` text NOT NULL,
	`hash` text NOT NULL,
	`code` text NOT NULL,
	`frontmatter` text NOT NULL,
	`quizzes` text NOT NULL,
	`exercises` text NOT NULL,
	`compiled_at` integer NOT NULL,
	`error_hash` text,
	`error` text,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `compiled_lessons_pk` ON `compiled_lessons` (`lesson_id`,`locale`);--> statement-breakpoint
CREATE TABLE `courses` (
	`id` text PRIMARY KEY NOT NULL,
	`folder` text NOT NULL,
	`category` text NOT NULL,
	`rhythm` text NOT NULL,
	`hours` integer NOT NULL,
	`pass_mark` integer NOT NULL,
	`fallback_locale` text NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`certificate` text NOT NULL,
	`completion` text NOT NULL,
	`archived_at` integer,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `lessons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` text NOT NULL,
	`slug` text NOT NULL,
	`folder` text NOT NULL,
	`position` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`locales` text NOT NULL,
	`quiz_ids` text DEFAULT '[]' NOT NULL,
	`exercise_ids` text DEFAULT '[]' NOT NULL,
	`archived_at` integer,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lessons_course_slug_unique` ON `lessons` (`course_id`,`slug`);