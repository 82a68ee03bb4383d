-- Least-privilege roles for docker-compose. The postgres image runs this once, on an empty
-- volume, as POSTGRES_USER (the owner) with psql -v ON_ERROR_STOP=1 and the container's
-- environment (docker-entrypoint.sh). The role passwords come from that environment:
-- docker-compose.yml requires API_DB_PASSWORD and INGEST_DB_PASSWORD, and uses the same
-- values in API_DATABASE_URL and INGEST_DATABASE_URL.
--
-- Table rights are not given here: the app grants them after its migrations, on the tables
-- that exist (src/db/roles.ts grantTablePrivileges). Default privileges would also cover
-- schema_migration, which neither role may read or write.
-- Tested without a container engine: tests/integration/deploy/compose-roles.test.ts.

\getenv api_password API_DB_PASSWORD
\getenv ingest_password INGEST_DB_PASSWORD
\if :{?api_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'API_DB_PASSWORD is not set (docker-compose.yml requires it)'; END $$;
\endif
\if :{?ingest_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'INGEST_DB_PASSWORD is not set (docker-compose.yml requires it)'; END $$;
\endif

CREATE ROLE jamfor_api LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'api_password';
CREATE ROLE jamfor_ingest LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'ingest_password';
ALTER ROLE jamfor_api SET statement_timeout = 5000;
ALTER ROLE jamfor_api SET default_transaction_read_only = on;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"DBNAME" TO jamfor_api, jamfor_ingest;
GRANT TEMPORARY ON DATABASE :"DBNAME" TO jamfor_ingest;
GRANT USAGE ON SCHEMA public TO jamfor_api, jamfor_ingest;
