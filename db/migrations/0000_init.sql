CREATE TABLE `allocation_splits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`allocation_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`import_batch_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`allocation_id`) REFERENCES `allocations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "allocation_splits_amount_nonnegative" CHECK("allocation_splits"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `allocation_splits_pair_unique` ON `allocation_splits` (`allocation_id`,`project_id`);--> statement-breakpoint
CREATE INDEX `allocation_splits_project_idx` ON `allocation_splits` (`project_id`);--> statement-breakpoint
CREATE TABLE `allocations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`doc_number` text NOT NULL,
	`level` text NOT NULL,
	`fund_name` text,
	`date` text NOT NULL,
	`year` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`recipient` text,
	`remark` text,
	`import_batch_id` integer,
	`deleted_at` text,
	`delete_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`import_batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "allocations_amount_nonnegative" CHECK("allocations"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE INDEX `allocations_year_level_idx` ON `allocations` (`year`,`level`);--> statement-breakpoint
CREATE INDEX `allocations_doc_idx` ON `allocations` (`doc_number`);--> statement-breakpoint
CREATE TABLE `asset_incomes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asset_id` integer NOT NULL,
	`year` integer NOT NULL,
	`income_fen` integer NOT NULL,
	`distribution` text,
	`remark` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `asset_incomes_asset_year_unique` ON `asset_incomes` (`asset_id`,`year`);--> statement-breakpoint
CREATE TABLE `assets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`project_id` integer,
	`original_value_fen` integer DEFAULT 0 NOT NULL,
	`formed_date` text,
	`township_id` integer,
	`village_id` integer,
	`owner` text,
	`rights_level` text,
	`handover_date` text,
	`manager` text,
	`operation_mode` text,
	`contract_start` text,
	`contract_end` text,
	`status` text DEFAULT 'normal' NOT NULL,
	`remark` text,
	`deleted_at` text,
	`delete_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`township_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assets_project_idx` ON `assets` (`project_id`);--> statement-breakpoint
CREATE INDEX `assets_township_idx` ON `assets` (`township_id`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_type` text NOT NULL,
	`owner_id` integer NOT NULL,
	`original_name` text NOT NULL,
	`sha256` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`mime_type` text NOT NULL,
	`deleted_at` text,
	`delete_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attachments_owner_idx` ON `attachments` (`owner_type`,`owner_id`);--> statement-breakpoint
CREATE INDEX `attachments_hash_idx` ON `attachments` (`sha256`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`operator` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer,
	`before` text,
	`after` text,
	`reason` text,
	`import_batch_id` integer,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `bulletin_series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`issuer` text NOT NULL,
	`recipients` text,
	`copies` integer,
	`classification` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `bulletins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`series_id` integer NOT NULL,
	`year` integer NOT NULL,
	`number` integer NOT NULL,
	`is_supplement` integer DEFAULT false NOT NULL,
	`title` text NOT NULL,
	`issue_date` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`inspection_id` integer,
	`period_start` text,
	`period_end` text,
	`content` text NOT NULL,
	`snapshot` text,
	`pdf_sha256` text,
	`issued_by` text,
	`issued_at` text,
	`deleted_at` text,
	`delete_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`series_id`) REFERENCES `bulletin_series`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bulletins_number_unique` ON `bulletins` (`series_id`,`year`,`is_supplement`,`number`);--> statement-breakpoint
CREATE TABLE `divisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`level` text NOT NULL,
	`parent_id` integer,
	`is_poverty_village` integer DEFAULT false NOT NULL,
	`exit_year` integer,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "divisions_code_shape" CHECK(length("divisions"."code") = 12 and "divisions"."code" not glob '*[^0-9]*')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `divisions_code_unique` ON `divisions` (`code`);--> statement-breakpoint
CREATE INDEX `divisions_parent_idx` ON `divisions` (`parent_id`);--> statement-breakpoint
CREATE TABLE `finding_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`finding_id` integer NOT NULL,
	`date` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`note` text,
	`operator` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`finding_id`) REFERENCES `findings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `finding_updates_finding_idx` ON `finding_updates` (`finding_id`);--> statement-breakpoint
CREATE TABLE `findings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`inspection_id` integer NOT NULL,
	`seq` integer,
	`category` text NOT NULL,
	`description` text NOT NULL,
	`township_id` integer,
	`village_id` integer,
	`project_id` integer,
	`asset_id` integer,
	`lead_unit` text,
	`responsible_unit` text,
	`responsible_leader` text,
	`responsible_person` text,
	`goal` text,
	`measures` text,
	`deadline_text` text,
	`deadline_date` text,
	`progress_text` text,
	`status` text DEFAULT 'notStarted' NOT NULL,
	`completed_by` text,
	`completed_date` text,
	`closed_date` text,
	`closed_reviewer` text,
	`import_batch_id` integer,
	`deleted_at` text,
	`delete_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`township_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `findings_inspection_idx` ON `findings` (`inspection_id`);--> statement-breakpoint
CREATE INDEX `findings_township_status_idx` ON `findings` (`township_id`,`status`);--> statement-breakpoint
CREATE INDEX `findings_deadline_idx` ON `findings` (`deadline_date`);--> statement-breakpoint
CREATE TABLE `households` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`head_name` text NOT NULL,
	`id_number` text NOT NULL,
	`members` integer,
	`household_type` text,
	`township_id` integer,
	`village_id` integer,
	`remark` text,
	`import_batch_id` integer,
	`deleted_at` text,
	`delete_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`township_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `households_id_number_unique` ON `households` (`id_number`);--> statement-breakpoint
CREATE INDEX `households_village_idx` ON `households` (`village_id`);--> statement-breakpoint
CREATE TABLE `import_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`file_sha256` text NOT NULL,
	`sheet_name` text,
	`operator` text NOT NULL,
	`rows_read` integer DEFAULT 0 NOT NULL,
	`imported` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`total_fen` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'done' NOT NULL,
	`undone_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `import_batches_hash_idx` ON `import_batches` (`file_sha256`);--> statement-breakpoint
CREATE TABLE `import_mappings` (
	`signature` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`mapping` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `inspections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	`source_doc_number` text,
	`team` text,
	`leader` text,
	`start_date` text,
	`end_date` text,
	`targets` text,
	`remark` text,
	`import_batch_id` integer,
	`deleted_at` text,
	`delete_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`import_batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inspections_start_idx` ON `inspections` (`start_date`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`allocation_id` integer,
	`date` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`payee` text,
	`voucher` text,
	`payment_type` text,
	`remark` text,
	`import_batch_id` integer,
	`deleted_at` text,
	`delete_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`allocation_id`) REFERENCES `allocations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payments_amount_nonnegative" CHECK("payments"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE INDEX `payments_project_date_idx` ON `payments` (`project_id`,`date`);--> statement-breakpoint
CREATE INDEX `payments_date_idx` ON `payments` (`date`);--> statement-breakpoint
CREATE INDEX `payments_allocation_idx` ON `payments` (`allocation_id`);--> statement-breakpoint
CREATE TABLE `project_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`parent_id` integer,
	`name` text NOT NULL,
	`aliases` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `project_types`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `project_types_parent_name_unique` ON `project_types` (`parent_id`,`name`);--> statement-breakpoint
CREATE TABLE `projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`code` text,
	`name` text NOT NULL,
	`category_id` integer,
	`subcategory_id` integer,
	`construction_nature` text,
	`township_id` integer,
	`village_id` integer,
	`location` text,
	`content` text,
	`planned_start` text,
	`planned_end` text,
	`actual_start` text,
	`actual_end` text,
	`department_id` integer,
	`implementer_id` integer,
	`responsible_person` text,
	`fund_central_fen` integer DEFAULT 0 NOT NULL,
	`fund_provincial_fen` integer DEFAULT 0 NOT NULL,
	`fund_municipal_fen` integer DEFAULT 0 NOT NULL,
	`fund_county_fen` integer DEFAULT 0 NOT NULL,
	`fund_other_fen` integer DEFAULT 0 NOT NULL,
	`fund_other_note` text,
	`financing_method` text,
	`beneficiary_villages` integer,
	`beneficiary_households` integer,
	`beneficiary_people` integer,
	`poverty_households` integer,
	`poverty_people` integer,
	`monitored_households` integer,
	`monitored_people` integer,
	`performance_target` text,
	`farmer_linkage` text,
	`farmer_linkage_note` text,
	`status` text DEFAULT 'planning' NOT NULL,
	`remark` text,
	`import_batch_id` integer,
	`deleted_at` text,
	`delete_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `project_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`subcategory_id`) REFERENCES `project_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`township_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`implementer_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "projects_funds_nonnegative" CHECK("projects"."fund_central_fen" >= 0 and "projects"."fund_provincial_fen" >= 0 and "projects"."fund_municipal_fen" >= 0 and "projects"."fund_county_fen" >= 0 and "projects"."fund_other_fen" >= 0)
);
--> statement-breakpoint
CREATE INDEX `projects_year_township_idx` ON `projects` (`year`,`township_id`);--> statement-breakpoint
CREATE INDEX `projects_village_idx` ON `projects` (`village_id`);--> statement-breakpoint
CREATE INDEX `projects_category_idx` ON `projects` (`category_id`);--> statement-breakpoint
CREATE INDEX `projects_department_idx` ON `projects` (`department_id`);--> statement-breakpoint
CREATE INDEX `projects_code_idx` ON `projects` (`code`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`division_id` integer,
	`contact_person` text,
	`phone` text,
	`remark` text,
	`deleted_at` text,
	`delete_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`division_id`) REFERENCES `divisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `units_kind_idx` ON `units` (`kind`);