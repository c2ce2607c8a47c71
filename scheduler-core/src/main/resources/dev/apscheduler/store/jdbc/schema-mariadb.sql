-- Job table of dev.apscheduler.store.jdbc.JdbcJobStore for MariaDB and MySQL (default table name).
-- next_run_time: UTC epoch microseconds, NULL while the job is paused.
-- document: the job's JSON document (dev.apscheduler.store.JobCodec), format_version says which format.
CREATE TABLE IF NOT EXISTS apscheduler_jobs (
    id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    name TEXT CHARACTER SET utf8mb4 NOT NULL,
    next_run_time BIGINT NULL,
    format_version INT NOT NULL,
    document LONGTEXT CHARACTER SET utf8mb4 NOT NULL,
    INDEX apscheduler_jobs_nrt_idx (next_run_time)
) ENGINE=InnoDB;
