CREATE TABLE `partner_offerings` (
	`partner_id` integer NOT NULL,
	`offering_id` integer NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`offering_id`) REFERENCES `offerings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partner_offerings_pk` ON `partner_offerings` (`partner_id`,`offering_id`);--> statement-breakpoint
CREATE INDEX `partner_offerings_offering_idx` ON `partner_offerings` (`offering_id`);--> statement-breakpoint
CREATE TABLE `partners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partners_name_unique` ON `partners` (lower("name"));--> statement-breakpoint
ALTER TABLE `users` ADD `partner_id` integer REFERENCES partners(id) ON DELETE set null;