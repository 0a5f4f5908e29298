package dev.anvil.apiserver.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits per identity, {@code anvil.ratelimit.*}: a token bucket per user, shared by the replicas through the
 * central Redis.
 *
 * @param enabled           whether requests are limited at all
 * @param requestsPerSecond the sustained rate (tokens added per second)
 * @param burst             the bucket's size: requests a quiet user may make at once
 */
@ConfigurationProperties("anvil.ratelimit")
public record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("20") long requestsPerSecond,
    @DefaultValue("100") long burst) {
}
