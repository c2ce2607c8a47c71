-- Job table of dev.apscheduler.store.jdbc.JdbcJobStore for H2 (default table name).
-- next_run_time: UTC epoch microseconds, NULL while the job is paused.
-- document: the job's JSON document (dev.apscheduler.store.JobCodec), format_version says which format.
CREATE TABLE IF NOT EXISTS apscheduler_jobs (
    id VARCHAR(255) NOT NULL PRIMARY KEY,
    name VARCHAR NOT NULL,
    next_run_time BIGINT,
    format_version INTEGER NOT NULL,
    document CHARACTER LARGE OBJECT NOT NULL
);
CREATE INDEX IF NOT EXISTS apscheduler_jobs_nrt_idx ON apscheduler_jobs (next_run_time);
