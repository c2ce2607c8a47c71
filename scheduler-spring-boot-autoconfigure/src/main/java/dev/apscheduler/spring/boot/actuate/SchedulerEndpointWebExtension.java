package dev.apscheduler.spring.boot.actuate;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The web side of the {@link SchedulerEndpoint}: HTTP status codes (404 for an unknown job, 400 for
 * an unknown action or a run history parameter that cannot be read, 409 for running a job while the
 * scheduler is not running) and argument values shown as {@code
 * management.endpoint.scheduler.show-values} and {@code roles} allow for the caller.
 *
 * <p>Thread-safe.
 */
@EndpointWebExtension(endpoint = SchedulerEndpoint.class)
public class SchedulerEndpointWebExtension {

  private static final int STATUS_CONFLICT = 409;

  private final SchedulerEndpoint delegate;
  private final Show showValues;
  private final Set<String> roles;

  /** Creates the extension. */
  public SchedulerEndpointWebExtension(
      SchedulerEndpoint delegate, Show showValues, Set<String> roles) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.showValues = Objects.requireNonNull(showValues, "showValues");
    this.roles = Set.copyOf(roles);
  }

  /** One job; 404 if there is none with this id. */
  @ReadOperation
  public WebEndpointResponse<JobDescriptor> job(
      SecurityContext securityContext, @Selector String id) {
    JobDescriptor job = delegate.job(id, showValues.isShown(securityContext, roles));
    return job == null
        ? new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND)
        : new WebEndpointResponse<>(job);
  }

  /**
   * One page of a job's run history: {@code GET /actuator/scheduler/{id}/runs?limit=&before=&since=
   * &outcome=}. 404 when there is neither such a job nor any history of one (a removed job's
   * history answers until retention purges it, with {@code removed: true}) or the path does not end
   * in {@code runs}; 400 naming the parameter when one cannot be read.
   */
  @ReadOperation
  public WebEndpointResponse<Object> runs(
      SecurityContext securityContext,
      @Selector String id,
      @Selector String part,
      @Nullable String limit,
      @Nullable String before,
      @Nullable String since,
      @Nullable String outcome) {
    try {
      Object page =
          delegate.runs(
              id, part, limit, before, since, outcome, showValues.isShown(securityContext, roles));
      return page == null
          ? new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND)
          : new WebEndpointResponse<>(page);
    } catch (IllegalArgumentException e) {
      return badRequest(e);
    }
  }

  /**
   * Pauses, resumes or runs a job: {@code {"action": "pause" | "resume" | "run"}}; 400 naming the
   * allowed actions when the action is missing or unknown.
   */
  @WriteOperation
  public WebEndpointResponse<Object> action(
      SecurityContext securityContext, @Selector String id, @Nullable String action) {
    try {
      Object result = delegate.action(id, action, showValues.isShown(securityContext, roles));
      return result == null
          ? new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND)
          : new WebEndpointResponse<>(result);
    } catch (IllegalArgumentException e) {
      return badRequest(e);
    } catch (IllegalStateException e) {
      return new WebEndpointResponse<>(Map.of("error", e.getMessage()), STATUS_CONFLICT);
    }
  }

  /** Removes a job: 204, or 404 if there is none with this id. */
  @DeleteOperation
  public WebEndpointResponse<Void> remove(@Selector String id) {
    return new WebEndpointResponse<>(
        delegate.remove(id)
            ? WebEndpointResponse.STATUS_NO_CONTENT
            : WebEndpointResponse.STATUS_NOT_FOUND);
  }

  private static WebEndpointResponse<Object> badRequest(IllegalArgumentException e) {
    return new WebEndpointResponse<>(
        Map.of("error", e.getMessage()), WebEndpointResponse.STATUS_BAD_REQUEST);
  }
}
