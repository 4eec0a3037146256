-- Seed the two-level 项目类型 dictionary (DOMAIN.md) as db/migrations/0001 does, and guard the audit trail:
-- UPDATE and DELETE refused as SQLite's triggers refuse them (same messages), and TRUNCATE too, which on
-- PostgreSQL would empty the table without firing a row trigger.
INSERT INTO project_types (parent_id, name, sort_order) VALUES (NULL, '产业发展', 1);
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '生产项目', 1 FROM project_types WHERE parent_id IS NULL AND name = '产业发展';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '加工流通项目', 2 FROM project_types WHERE parent_id IS NULL AND name = '产业发展';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '配套设施项目', 3 FROM project_types WHERE parent_id IS NULL AND name = '产业发展';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '产业服务支撑项目', 4 FROM project_types WHERE parent_id IS NULL AND name = '产业发展';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '金融保险配套项目', 5 FROM project_types WHERE parent_id IS NULL AND name = '产业发展';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '新型农村集体经济发展项目', 6 FROM project_types WHERE parent_id IS NULL AND name = '产业发展';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) VALUES (NULL, '就业项目', 2);
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '务工补助', 1 FROM project_types WHERE parent_id IS NULL AND name = '就业项目';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '就业培训', 2 FROM project_types WHERE parent_id IS NULL AND name = '就业项目';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '公益性岗位', 3 FROM project_types WHERE parent_id IS NULL AND name = '就业项目';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) VALUES (NULL, '乡村建设行动', 3);
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '农村基础设施', 1 FROM project_types WHERE parent_id IS NULL AND name = '乡村建设行动';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '人居环境整治', 2 FROM project_types WHERE parent_id IS NULL AND name = '乡村建设行动';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '农村公共服务', 3 FROM project_types WHERE parent_id IS NULL AND name = '乡村建设行动';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) VALUES (NULL, '易地搬迁后扶', 4);
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '易地搬迁后扶', 1 FROM project_types WHERE parent_id IS NULL AND name = '易地搬迁后扶';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) VALUES (NULL, '巩固三保障成果', 5);
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '住房', 1 FROM project_types WHERE parent_id IS NULL AND name = '巩固三保障成果';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '教育', 2 FROM project_types WHERE parent_id IS NULL AND name = '巩固三保障成果';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '健康', 3 FROM project_types WHERE parent_id IS NULL AND name = '巩固三保障成果';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '综合保障', 4 FROM project_types WHERE parent_id IS NULL AND name = '巩固三保障成果';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) VALUES (NULL, '乡村治理和精神文明建设', 6);
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '乡村治理', 1 FROM project_types WHERE parent_id IS NULL AND name = '乡村治理和精神文明建设';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '精神文明建设', 2 FROM project_types WHERE parent_id IS NULL AND name = '乡村治理和精神文明建设';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) VALUES (NULL, '项目管理费', 7);
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '项目管理费', 1 FROM project_types WHERE parent_id IS NULL AND name = '项目管理费';
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) VALUES (NULL, '其他', 8);
--> statement-breakpoint
INSERT INTO project_types (parent_id, name, sort_order) SELECT id, '其他', 1 FROM project_types WHERE parent_id IS NULL AND name = '其他';
--> statement-breakpoint
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION '审计日志不可修改';
  END IF;
  RAISE EXCEPTION '审计日志不可删除';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
