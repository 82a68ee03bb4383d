-- Least-privilege roles for docker-compose (the embedded development server creates them itself,
-- src/db/roles.ts). Grants on tables are given after migrations by the app's owner connection
-- only for the embedded server; here default privileges cover tables the migrations create.
CREATE ROLE jamfor_api LOGIN PASSWORD 'change-me-too';
CREATE ROLE jamfor_ingest LOGIN PASSWORD 'change-me-three';
ALTER ROLE jamfor_api SET statement_timeout = 5000;
ALTER ROLE jamfor_api SET default_transaction_read_only = on;
GRANT CONNECT ON DATABASE jamfor TO jamfor_api, jamfor_ingest;
GRANT TEMPORARY ON DATABASE jamfor TO jamfor_ingest;
GRANT USAGE ON SCHEMA public TO jamfor_api, jamfor_ingest;
ALTER DEFAULT PRIVILEGES FOR ROLE jamfor_owner IN SCHEMA public GRANT SELECT ON TABLES TO jamfor_api;
ALTER DEFAULT PRIVILEGES FOR ROLE jamfor_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO jamfor_ingest;
ALTER DEFAULT PRIVILEGES FOR ROLE jamfor_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO jamfor_ingest;
-- PostgreSQL 17+: ingest may ANALYZE what it has just loaded.
ALTER DEFAULT PRIVILEGES FOR ROLE jamfor_owner IN SCHEMA public GRANT MAINTAIN ON TABLES TO jamfor_ingest;
