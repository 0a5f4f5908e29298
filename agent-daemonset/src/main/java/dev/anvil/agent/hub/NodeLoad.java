package dev.anvil.agent.hub;

import com.google.protobuf.Timestamp;
import dev.anvil.protocol.agent.v1.Heartbeat;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;

/** Reads the node's CPU and memory use for heartbeats. */
final class NodeLoad {

  private final com.sun.management.OperatingSystemMXBean os;

  NodeLoad() {
    var bean = ManagementFactory.getOperatingSystemMXBean();
    os = bean instanceof com.sun.management.OperatingSystemMXBean sun ? sun : null;
  }

  Heartbeat heartbeat(List<String> running) {
    var now = Instant.now();
    var heartbeat = Heartbeat.newBuilder()
        .setTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .setCpuLoad(os == null ? -1 : os.getCpuLoad())
        .addAllRunningAttemptIds(running);
    if (os != null) {
      heartbeat.setMemoryUsedBytes(Math.max(0, os.getTotalMemorySize() - os.getFreeMemorySize()));
    }
    return heartbeat.build();
  }

  int cpuCores() {
    return Runtime.getRuntime().availableProcessors();
  }

  long memoryBytes() {
    return os == null ? Runtime.getRuntime().maxMemory() : os.getTotalMemorySize();
  }
}
