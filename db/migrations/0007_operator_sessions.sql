CREATE TABLE `operator_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operator_id` integer NOT NULL,
	`pc_name` text NOT NULL,
	`door` text NOT NULL,
	`signed_in_at` text NOT NULL,
	`last_seen_at` text NOT NULL
);
