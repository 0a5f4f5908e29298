package dev.anvil.apiserver;

import io.lettuce.core.RedisConnectionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns "the central Redis is unreachable at start" into Boot's short failure report instead of a stack trace. */
class RedisUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<RedisConnectionException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, RedisConnectionException cause) {
    // Lettuce's message names host and port only, never the password of the URI
    var reason = cause.getCause() == null ? "" : " (" + cause.getCause().getMessage() + ")";
    return new FailureAnalysis("The central Redis cannot be reached: " + cause.getMessage() + reason + ".",
        "Start Redis, or point anvil.redis.uri (env ANVIL_REDIS_URI) at it, e.g. redis://redis:6379 or "
            + "rediss://:password@redis:6380 for TLS.", cause);
  }
}
