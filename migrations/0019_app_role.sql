-- On a PostgreSQL server the app's queries run as doingwith_app (ADR 0006): a role that may read
-- and write the app's tables but may not change or remove audit rows, and, owning nothing, may
-- not alter a table or disable its triggers. Migrations and pg-boss's own schema keep running as
-- the role in DATABASE_URL, which owns the tables. The role is made only when the connecting role
-- may make roles; without it (and on PGlite, where the app never takes it) the app runs as the
-- connecting role, as before. Roles belong to the whole server, so one made for another database
-- is used as it is. Tables made by later migrations get the same rights by default.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'doingwith_app')
     AND EXISTS (SELECT FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
    BEGIN
      CREATE ROLE doingwith_app NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- made at the same moment by the migration of another database on this server
    END;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'doingwith_app') THEN
    RETURN;
  END IF;
  -- The app's connections take the role with SET ROLE, which needs membership.
  IF NOT pg_has_role(current_user, 'doingwith_app', 'MEMBER') THEN
    BEGIN
      EXECUTE format('GRANT doingwith_app TO %I', current_user);
    EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
      NULL; -- not allowed to: the app keeps running as the connecting role
    END;
  END IF;
  GRANT USAGE ON SCHEMA public TO doingwith_app;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO doingwith_app;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO doingwith_app;
  REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM doingwith_app;
  ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO doingwith_app;
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO doingwith_app;
END
$$;
