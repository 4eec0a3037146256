ALTER TABLE "projects" ADD COLUMN "publicity_start" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "publicity_end" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "supervision_phone" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "publicity_place" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "publicity_result" text;