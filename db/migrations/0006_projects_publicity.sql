ALTER TABLE `projects` ADD `publicity_start` text;--> statement-breakpoint
ALTER TABLE `projects` ADD `publicity_end` text;--> statement-breakpoint
ALTER TABLE `projects` ADD `supervision_phone` text;--> statement-breakpoint
ALTER TABLE `projects` ADD `publicity_place` text;--> statement-breakpoint
ALTER TABLE `projects` ADD `publicity_result` text;