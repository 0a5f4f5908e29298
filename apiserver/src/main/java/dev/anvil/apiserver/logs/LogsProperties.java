package dev.anvil.apiserver.logs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The log route, {@code anvil.logs.*}.
 *
 * @param pageSize      entries per XRANGE: what one stream holds in memory at a time
 * @param followPoll    how often a follower that has caught up asks Redis for more
 * @param followTimeout longest a follow stays open; the client (kubectl) sees the stream end and may ask again
 * @param maxStreams    log responses streamed at once; a request beyond that is refused (503)
 */
@ConfigurationProperties("anvil.logs")
public record LogsProperties(
    @DefaultValue("1000") int pageSize,
    @DefaultValue("200ms") Duration followPoll,
    @DefaultValue("4h") Duration followTimeout,
    @DefaultValue("256") int maxStreams) {
}
