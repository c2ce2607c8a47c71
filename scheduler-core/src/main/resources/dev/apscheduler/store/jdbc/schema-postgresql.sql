-- Job table of dev.apscheduler.store.jdbc.JdbcJobStore for PostgreSQL (default table name).
-- next_run_time: UTC epoch microseconds, NULL while the job is paused.
-- document: the job's JSON document (dev.apscheduler.store.JobCodec), format_version says which format.
CREATE TABLE IF NOT EXISTS apscheduler_jobs (
    id VARCHAR(255) NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    next_run_time BIGINT,
    format_version INTEGER NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS apscheduler_jobs_nrt_idx ON apscheduler_jobs (next_run_time);

-- Cluster mode (JdbcJobStore.Builder.cluster): one row per scheduler node with its last heartbeat
-- (database time, UTC epoch microseconds), and one row per run in flight on some node. The run that
-- finishes a job which reruns lost runs (onLost RERUN) keeps the job's document in job_document, so
-- that the job is added back if the run is lost; every other run keeps NULL. A database created by
-- an earlier version adds the column (the store adds it when it initializes the schema itself):
-- ALTER TABLE apscheduler_jobs_running ADD job_document TEXT
CREATE TABLE IF NOT EXISTS apscheduler_jobs_nodes (
    node_id VARCHAR(255) NOT NULL PRIMARY KEY,
    heartbeat BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS apscheduler_jobs_running (
    job_id VARCHAR(255) NOT NULL,
    fire_time BIGINT NOT NULL,
    node_id VARCHAR(255) NOT NULL,
    started BIGINT NOT NULL,
    job_document TEXT,
    PRIMARY KEY (job_id, fire_time, node_id)
);

-- Run history (dev.apscheduler.history): one row per ended run, kept by the retention of
-- SchedulerBuilder.runHistoryRetention (default 7 days, 100 runs per job). Times are UTC epoch
-- microseconds; started is NULL for a run that never started (missed, skipped); outcome is a
-- dev.apscheduler.history.RunOutcome name; node_id is the cluster node (NULL outside a cluster).
CREATE TABLE IF NOT EXISTS apscheduler_jobs_runs (
    job_id VARCHAR(255) NOT NULL,
    fire_time BIGINT NOT NULL,
    node_id VARCHAR(255),
    started BIGINT,
    ended BIGINT NOT NULL,
    outcome VARCHAR(32) NOT NULL,
    attempt INTEGER NOT NULL,
    exception_class TEXT,
    exception_message TEXT,
    stack_trace TEXT
);
CREATE INDEX IF NOT EXISTS apscheduler_jobs_runs_job_idx ON apscheduler_jobs_runs (job_id, ended);
CREATE INDEX IF NOT EXISTS apscheduler_jobs_runs_end_idx ON apscheduler_jobs_runs (ended);
