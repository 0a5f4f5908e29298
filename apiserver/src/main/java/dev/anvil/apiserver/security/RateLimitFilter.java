package dev.anvil.apiserver.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an authenticated caller over its rate with {@code 429}, a {@code Retry-After} in seconds and a
 * {@code Status} of reason {@code TooManyRequests}, as kube-apiserver's priority and fairness does.
 */
final class RateLimitFilter extends OncePerRequestFilter {

  private final RateLimiter limiter;
  private final Counter refused;

  RateLimitFilter(RateLimiter limiter, MeterRegistry metrics) {
    this.limiter = limiter;
    this.refused = Counter.builder("anvil_apiserver_rate_limited").description("requests refused with 429")
        .register(metrics);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var caller = SecurityContextHolder.getContext().getAuthentication();
    if (caller == null || caller instanceof AnonymousAuthenticationToken || !caller.isAuthenticated()) {
      chain.doFilter(request, response);
      return;
    }
    var decision = limiter.tryAcquire(caller.getName());
    if (decision.allowed()) {
      chain.doFilter(request, response);
      return;
    }
    refused.increment();
    response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
    var status = KubeStatus.failure(429, "TooManyRequests",
        "Too many requests, please try again later.", null);
    status.setDetails(new io.fabric8.kubernetes.api.model.StatusDetailsBuilder()
        .withRetryAfterSeconds((int) Math.min(Integer.MAX_VALUE, decision.retryAfterSeconds())).build());
    KubeStatus.write(response, status);
  }
}
