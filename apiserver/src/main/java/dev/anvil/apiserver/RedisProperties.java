package dev.anvil.apiserver;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The central Redis, {@code anvil.redis.*}.
 *
 * @param uri a Lettuce URI, e.g. {@code redis://:password@redis:6379/0} or {@code rediss://…} for TLS
 */
@ConfigurationProperties("anvil.redis")
public record RedisProperties(@DefaultValue("redis://localhost:6379") String uri) {
}
