package dev.apscheduler.spring.boot.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.util.ClassUtils;

/**
 * Reads Spring Security's CSRF token of a request, so that the dashboard's page can send it with
 * its write requests; Spring Security classes are touched only when they are on the classpath.
 *
 * <p>Stateless and thread-safe.
 */
final class CsrfTokens {

  private static final boolean PRESENT =
      ClassUtils.isPresent(
          "org.springframework.security.web.csrf.CsrfToken", CsrfTokens.class.getClassLoader());

  private CsrfTokens() {}

  /** The request's CSRF token as {@code {header, token}}, or {@code null} if it has none. */
  static String[] of(HttpServletRequest request) {
    return PRESENT ? Security.token(request) : null;
  }

  /** Loaded only when Spring Security is present. */
  private static final class Security {
    static String[] token(HttpServletRequest request) {
      if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
        return new String[] {token.getHeaderName(), token.getToken()};
      }
      return null;
    }
  }
}
