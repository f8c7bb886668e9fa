"""On PostgreSQL, the database itself keeps the audit log (等保 2.0; docs/security.md).

A DELETE of an entry younger than its jurisdiction's retention (at least 180 days) and any
UPDATE of what an entry says are refused. Clearing its actor, unit or jurisdiction when that
row is deleted (the foreign keys' SET NULL) stays possible. SQLite, for development and
tests, relies on the model's guards alone.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION leitai_audit_kept() RETURNS trigger AS $$
DECLARE
    days integer;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (NEW.created_at, NEW.actor_name, NEW.action, NEW.object_type, NEW.object_id,
            NEW.object_repr, NEW.before, NEW.after, NEW.source, NEW.request_id)
           IS DISTINCT FROM
           (OLD.created_at, OLD.actor_name, OLD.action, OLD.object_type, OLD.object_id,
            OLD.object_repr, OLD.before, OLD.after, OLD.source, OLD.request_id) THEN
            RAISE EXCEPTION 'audit entries cannot be changed'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    SELECT GREATEST(180, COALESCE(MAX(s.audit_retention_days), 180)) INTO days
        FROM org_securitysettings s WHERE s.jurisdiction_id = OLD.jurisdiction_id;
    IF OLD.created_at > now() - make_interval(days => days) THEN
        RAISE EXCEPTION 'audit entries are kept % days', days
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS leitai_audit_kept ON core_auditentry;
CREATE TRIGGER leitai_audit_kept BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION leitai_audit_kept();
"""

DROP = """
DROP TRIGGER IF EXISTS leitai_audit_kept ON core_auditentry;
DROP FUNCTION IF EXISTS leitai_audit_kept();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)  # no parameters: "%" is plain text

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_backgroundjob"),
        ("org", "0005_security_settings_password_records_admin_roles"),
    ]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
