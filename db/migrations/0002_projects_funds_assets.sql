DROP INDEX `payments_project_date_idx`;--> statement-breakpoint
DROP INDEX `payments_allocation_idx`;--> statement-breakpoint
CREATE INDEX `payments_project_cover_idx` ON `payments` (`project_id`,`allocation_id`,`date`,`amount_fen`,`deleted_at`);--> statement-breakpoint
CREATE INDEX `payments_allocation_idx` ON `payments` (`allocation_id`,`deleted_at`,`amount_fen`);--> statement-breakpoint
DROP INDEX `allocation_splits_project_idx`;--> statement-breakpoint
CREATE INDEX `allocation_splits_project_idx` ON `allocation_splits` (`project_id`,`allocation_id`,`amount_fen`);--> statement-breakpoint
ALTER TABLE `projects` ADD `search_initials` text;--> statement-breakpoint
CREATE INDEX `projects_live_year_idx` ON `projects` (`year`) WHERE "projects"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX `projects_initials_missing_idx` ON `projects` (`id`) WHERE "projects"."search_initials" is null;