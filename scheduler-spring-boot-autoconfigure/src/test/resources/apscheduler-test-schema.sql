CREATE SCHEMA IF NOT EXISTS migrated;
CREATE TABLE IF NOT EXISTS migrated.apscheduler_jobs (
    id VARCHAR(255) NOT NULL PRIMARY KEY,
    name VARCHAR NOT NULL,
    next_run_time BIGINT,
    format_version INTEGER NOT NULL,
    document CHARACTER LARGE OBJECT NOT NULL
);
