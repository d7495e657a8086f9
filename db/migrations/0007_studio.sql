CREATE TABLE `course_authors` (
	`course_id` text NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `course_authors_pk` ON `course_authors` (`course_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `course_authors_user_idx` ON `course_authors` (`user_id`);--> statement-breakpoint
CREATE TABLE `lesson_drafts` (
	`lesson_id` integer NOT NULL,
	`locale` text NOT NULL,
	`source` text NOT NULL,
	`base_hash` text NOT NULL,
	`author_id` integer NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lesson_drafts_pk` ON `lesson_drafts` (`lesson_id`,`locale`);--> statement-breakpoint
CREATE TABLE `lesson_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lesson_id` integer NOT NULL,
	`locale` text NOT NULL,
	`source` text NOT NULL,
	`hash` text NOT NULL,
	`author_id` integer NOT NULL,
	`message` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lesson_versions_lesson_idx` ON `lesson_versions` (`lesson_id`,`locale`);