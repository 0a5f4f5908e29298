package dev.anvil.apiserver;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The central Redis, {@code anvil.redis.*}.
 *
 * @param uri     a Lettuce URI, e.g. {@code redis://:password@redis:6379/0} or {@code rediss://…} for TLS
 * @param timeout how long any command may take before it counts as failed (replaces a {@code timeout} in the URI)
 */
@ConfigurationProperties("anvil.redis")
public record RedisProperties(@DefaultValue("redis://localhost:6379") String uri,
    @DefaultValue("10s") Duration timeout) {
}
