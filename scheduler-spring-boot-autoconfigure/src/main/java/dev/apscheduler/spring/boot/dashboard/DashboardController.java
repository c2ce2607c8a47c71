package dev.apscheduler.spring.boot.dashboard;

import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.spring.boot.dashboard.DashboardViews.ActionResult;
import dev.apscheduler.spring.boot.dashboard.DashboardViews.JobDetails;
import dev.apscheduler.spring.boot.dashboard.DashboardViews.JobPage;
import dev.apscheduler.spring.boot.dashboard.DashboardViews.Overview;
import dev.apscheduler.spring.boot.dashboard.DashboardViews.SchedulePreviewView;
import dev.apscheduler.spring.boot.dashboard.DashboardViews.Session;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The dashboard's page and JSON API, at {@code apscheduler.dashboard.path}: {@code GET
 * api/session}, {@code api/overview}, {@code api/jobs}, {@code api/jobs/{id}}, {@code
 * api/schedule}; and, unless read-only, {@code POST api/jobs/{id}/pause|resume|run} and {@code
 * DELETE api/jobs/{id}}. Bad requests answer 4xx with a problem detail naming what is wrong; a
 * store that cannot be read answers 503.
 *
 * <p>Thread-safe.
 */
@RestController
@RequestMapping("${apscheduler.dashboard.path:" + DashboardProperties.DEFAULT_PATH + "}")
public class DashboardController {

  /** Where the page's files are on the classpath. */
  public static final String RESOURCES = "META-INF/apscheduler-dashboard/";

  private final DashboardService service;
  private final DashboardProperties properties;

  /** Serves {@code service} as {@code properties} say. */
  public DashboardController(DashboardService service, DashboardProperties properties) {
    this.service = Objects.requireNonNull(service, "service");
    this.properties = Objects.requireNonNull(properties, "properties");
  }

  /** The dashboard's path without a slash: redirects to the page. */
  @GetMapping("")
  public ResponseEntity<Void> redirect() {
    return ResponseEntity.status(HttpStatus.FOUND)
        .location(URI.create(properties.getPath() + "/"))
        .build();
  }

  /** The page. */
  @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<byte[]> page() throws IOException {
    try (InputStream in = new ClassPathResource(RESOURCES + "index.html").getInputStream()) {
      return ResponseEntity.ok()
          .cacheControl(CacheControl.noCache())
          .contentType(MediaType.TEXT_HTML)
          .body(in.readAllBytes());
    }
  }

  /** Whether the dashboard is read-only, and the CSRF token for its write requests. */
  @GetMapping("/api/session")
  public Session session(HttpServletRequest request) {
    String[] csrf = CsrfTokens.of(request);
    return new Session(
        properties.isReadOnly(),
        csrf == null ? null : csrf[0],
        csrf == null ? null : csrf[1],
        service.timezone());
  }

  /** The overview. */
  @GetMapping("/api/overview")
  public Overview overview() {
    return service.overview();
  }

  /** A page of jobs (see {@link DashboardService#jobs}). */
  @GetMapping("/api/jobs")
  public JobPage jobs(
      @RequestParam(required = false) String store,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) Integer offset,
      @RequestParam(required = false) Integer limit) {
    return service.jobs(store, state, q, offset, limit);
  }

  /** One job. */
  @GetMapping("/api/jobs/{id}")
  public JobDetails job(@PathVariable String id) {
    return service.job(id);
  }

  /** Pauses, resumes or runs a job now; refused while read-only. */
  @PostMapping("/api/jobs/{id}/{action}")
  public ActionResult act(@PathVariable String id, @PathVariable String action) {
    checkWritable();
    return new ActionResult(id, action, service.act(id, action));
  }

  /** Deletes a job; refused while read-only. */
  @DeleteMapping("/api/jobs/{id}")
  public ResponseEntity<Void> delete(@PathVariable String id) {
    checkWritable();
    service.remove(id);
    return ResponseEntity.noContent().build();
  }

  /** The next fire times of a schedule: a crontab line, an interval or cron fields. */
  @GetMapping("/api/schedule")
  public SchedulePreviewView schedule(
      @RequestParam(required = false) String crontab,
      @RequestParam(required = false) String interval,
      @RequestParam(required = false) String zone,
      @RequestParam(defaultValue = "10") int count,
      @RequestParam Map<String, String> parameters) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String field : SchedulePreview.CRON_FIELDS) {
      fields.put(field, parameters.get(field));
    }
    return service.preview(crontab, interval, fields, zone, count);
  }

  private void checkWritable() {
    if (properties.isReadOnly()) {
      throw new ReadOnlyException();
    }
  }

  @ExceptionHandler(ReadOnlyException.class)
  ResponseEntity<ProblemDetail> readOnly() {
    return problem(
        HttpStatus.FORBIDDEN,
        "the dashboard is read-only; set apscheduler.dashboard.read-only=false to allow pause,"
            + " resume, run now and delete");
  }

  @ExceptionHandler(JobNotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(JobNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(JobStoreException.class)
  ResponseEntity<ProblemDetail> storeUnavailable(JobStoreException e) {
    return problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> badRequest(IllegalArgumentException e) {
    return problem(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(IllegalStateException.class)
  ResponseEntity<ProblemDetail> conflict(IllegalStateException e) {
    return problem(HttpStatus.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        e.getName() + ": '" + e.getValue() + "' is not valid; expected a whole number");
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e) {
    return problem(HttpStatus.BAD_REQUEST, e.getParameterName() + ": missing");
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String message) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message);
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  /** A write request while the dashboard is read-only. */
  static final class ReadOnlyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReadOnlyException() {
      super("read-only", null, false, false);
    }
  }
}
