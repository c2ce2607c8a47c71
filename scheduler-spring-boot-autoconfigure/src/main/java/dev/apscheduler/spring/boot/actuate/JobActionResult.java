package dev.apscheduler.spring.boot.actuate;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The outcome of pausing, resuming or running a job through the {@code scheduler} endpoint.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the job's id
 * @param action the action taken
 * @param accepted whether it took effect ({@code false} when a run was refused for too many
 *     instances)
 * @param job the job afterwards, or {@code null} if it is gone
 */
public record JobActionResult(String id, String action, boolean accepted, JobDescriptor job)
    implements OperationResponseBody {}
