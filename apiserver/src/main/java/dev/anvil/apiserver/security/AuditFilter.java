package dev.anvil.apiserver.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One line per mutating call (POST, PUT, PATCH, DELETE) on logger {@code dev.anvil.apiserver.audit}: method, path,
 * user, groups, status code, duration. Runs outside Spring Security, so refused calls (401, 403, 429) are logged too.
 * Never the query (a console token may be in it), a header or a body.
 */
public final class AuditFilter extends OncePerRequestFilter {

  public static final String LOGGER = "dev.anvil.apiserver.audit";
  private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);
  private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!MUTATING.contains(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    var start = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      var caller = caller(request);
      AUDIT.info("audit method={} path={} user={} groups={} status={} durationMs={}", request.getMethod(),
          request.getRequestURI(), caller == null ? "system:anonymous" : caller.getName(),
          caller == null ? "[]" : Caller.groupsOf(caller), response.getStatus(),
          (System.nanoTime() - start) / 1_000_000);
    }
  }

  /** Spring Security's bearer filter keeps the authenticated context in this request attribute. */
  private static Authentication caller(HttpServletRequest request) {
    var context = request.getAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME);
    return context instanceof SecurityContext c ? c.getAuthentication() : null;
  }
}
