CREATE TABLE `assistance_cadres` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`employer` text,
	`post` text,
	`phone` text,
	`rank` text NOT NULL,
	`remark` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `assistance_cadres_name_idx` ON `assistance_cadres` (`name`);--> statement-breakpoint
CREATE TABLE `assistance_units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`level` text NOT NULL,
	`contact_person` text,
	`phone` text,
	`remark` text,
	`deleted_at` text,
	`delete_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `assistance_units_name_idx` ON `assistance_units` (`name`);--> statement-breakpoint
CREATE TABLE `assistance_visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`date` text NOT NULL,
	`visitor` text NOT NULL,
	`cadre_id` integer,
	`member_id` integer,
	`household_id` integer,
	`village_id` integer,
	`content` text NOT NULL,
	`deleted_at` text,
	`delete_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`cadre_id`) REFERENCES `assistance_cadres`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `team_members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "assistance_visits_target" CHECK("assistance_visits"."household_id" is not null or "assistance_visits"."village_id" is not null)
);
--> statement-breakpoint
CREATE INDEX `assistance_visits_household_idx` ON `assistance_visits` (`household_id`);--> statement-breakpoint
CREATE INDEX `assistance_visits_village_idx` ON `assistance_visits` (`village_id`);--> statement-breakpoint
CREATE INDEX `assistance_visits_date_idx` ON `assistance_visits` (`date`);--> statement-breakpoint
CREATE TABLE `member_attendance` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`month` text NOT NULL,
	`days_in_village` integer NOT NULL,
	`remark` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `team_members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "member_attendance_days_range" CHECK("member_attendance"."days_in_village" >= 0 and "member_attendance"."days_in_village" <= 31)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `member_attendance_member_month_unique` ON `member_attendance` (`member_id`,`month`);--> statement-breakpoint
CREATE INDEX `member_attendance_month_idx` ON `member_attendance` (`month`);--> statement-breakpoint
CREATE TABLE `member_leaves` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`days` integer NOT NULL,
	`reason` text,
	`approval_level` text NOT NULL,
	`approver` text,
	`deleted_at` text,
	`delete_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `team_members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `member_leaves_member_idx` ON `member_leaves` (`member_id`,`start_date`);--> statement-breakpoint
CREATE TABLE `member_rotations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`successor_id` integer,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `work_teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `team_members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`successor_id`) REFERENCES `team_members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `member_rotations_team_idx` ON `member_rotations` (`team_id`);--> statement-breakpoint
CREATE INDEX `member_rotations_member_idx` ON `member_rotations` (`member_id`);--> statement-breakpoint
CREATE TABLE `pairings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cadre_id` integer NOT NULL,
	`household_id` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`end_reason` text,
	`remark` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`cadre_id`) REFERENCES `assistance_cadres`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pairings_household_idx` ON `pairings` (`household_id`);--> statement-breakpoint
CREATE INDEX `pairings_cadre_idx` ON `pairings` (`cadre_id`);--> statement-breakpoint
CREATE TABLE `spot_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`date` text NOT NULL,
	`checked_by` text NOT NULL,
	`present` integer NOT NULL,
	`remark` text,
	`deleted_at` text,
	`delete_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `team_members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `spot_checks_member_idx` ON `spot_checks` (`member_id`,`date`);--> statement-breakpoint
CREATE INDEX `spot_checks_date_idx` ON `spot_checks` (`date`);--> statement-breakpoint
CREATE TABLE `team_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`name` text NOT NULL,
	`gender` text,
	`id_number` text,
	`employer` text,
	`post` text,
	`political_status` text,
	`phone` text,
	`role` text NOT NULL,
	`term_start` text NOT NULL,
	`term_end` text,
	`status` text DEFAULT 'onDuty' NOT NULL,
	`remark` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `work_teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `team_members_team_idx` ON `team_members` (`team_id`);--> statement-breakpoint
CREATE INDEX `team_members_id_number_idx` ON `team_members` (`id_number`);--> statement-breakpoint
CREATE TABLE `township_leaders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`post` text,
	`phone` text,
	`township_id` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`end_reason` text,
	`remark` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`township_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `township_leaders_township_idx` ON `township_leaders` (`township_id`);--> statement-breakpoint
CREATE TABLE `unit_deeds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`date` text NOT NULL,
	`village_id` integer,
	`description` text NOT NULL,
	`deleted_at` text,
	`delete_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `assistance_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `unit_deeds_unit_idx` ON `unit_deeds` (`unit_id`,`date`);--> statement-breakpoint
CREATE TABLE `unit_funds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`date` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`source` text NOT NULL,
	`project_id` integer,
	`village_id` integer,
	`remark` text,
	`deleted_at` text,
	`delete_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `assistance_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "unit_funds_amount_nonnegative" CHECK("unit_funds"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE INDEX `unit_funds_unit_idx` ON `unit_funds` (`unit_id`,`date`);--> statement-breakpoint
CREATE TABLE `unit_projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`role` text NOT NULL,
	`remark` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `assistance_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `unit_projects_pair_unique` ON `unit_projects` (`unit_id`,`project_id`);--> statement-breakpoint
CREATE INDEX `unit_projects_project_idx` ON `unit_projects` (`project_id`);--> statement-breakpoint
CREATE TABLE `village_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`village_id` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`end_reason` text,
	`remark` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `assistance_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `village_links_village_idx` ON `village_links` (`village_id`);--> statement-breakpoint
CREATE INDEX `village_links_unit_idx` ON `village_links` (`unit_id`);--> statement-breakpoint
CREATE TABLE `work_teams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`village_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`end_reason` text,
	`remark` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`village_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `assistance_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `work_teams_village_idx` ON `work_teams` (`village_id`);--> statement-breakpoint
CREATE INDEX `work_teams_unit_idx` ON `work_teams` (`unit_id`);