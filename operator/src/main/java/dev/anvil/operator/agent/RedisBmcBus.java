package dev.anvil.operator.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.anvil.operator.bmc.BmcBus;
import dev.anvil.operator.bmc.StoredObservation;
import dev.anvil.protocol.agent.v1.BmcAction;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.ReleaseBmcHost;
import dev.anvil.protocol.agent.v1.ServeBmcHost;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.LiveAgent;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The BmcHost side of the agent bus over the central Redis: the keys the hub stores BMC reports in, and commands. */
final class RedisBmcBus implements BmcBus {

  private static final Logger LOG = LoggerFactory.getLogger(RedisBmcBus.class);

  private final Supplier<List<LiveAgent>> live;
  private final Duration heartbeatTimeout;
  private final RedisCommands<String, byte[]> redis;
  private final AttemptCommands commands;

  RedisBmcBus(Supplier<List<LiveAgent>> live, Duration heartbeatTimeout, RedisCommands<String, byte[]> redis,
      AttemptCommands commands) {
    this.live = live;
    this.heartbeatTimeout = heartbeatTimeout;
    this.redis = redis;
    this.commands = commands;
  }

  @Override
  public List<LiveAgent> live() {
    return live.get();
  }

  @Override
  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  @Override
  public StoredObservation observation(String hostUid) {
    var fields = redis.hgetall(BusKeys.bmcObservation(hostUid));
    var payload = fields.get("payload");
    if (payload == null) {
      return null;
    }
    try {
      var agent = fields.get("agent");
      return new StoredObservation(agent == null ? null : new String(agent, UTF_8), BmcObservation.parseFrom(payload));
    } catch (InvalidProtocolBufferException e) {
      LOG.warn("BmcHost {}: the stored observation is not a BmcObservation; ignoring it", hostUid);
      return null;
    }
  }

  @Override
  public BmcActionResult actionResult(String hostUid, String actionId) {
    var payload = redis.hget(BusKeys.bmcActionResults(hostUid), actionId);
    if (payload == null) {
      return null;
    }
    try {
      return BmcActionResult.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      LOG.warn("BmcHost {}: the stored result of action {} is not a BmcActionResult; ignoring it", hostUid, actionId);
      return null;
    }
  }

  @Override
  public void serve(String agentId, ServeBmcHost serve) {
    commands.send(agentId, Command.newBuilder().setServeBmcHost(serve));
  }

  @Override
  public void release(String agentId, String hostUid, String reason) {
    commands.send(agentId, Command.newBuilder().setReleaseBmcHost(
        ReleaseBmcHost.newBuilder().setHostUid(hostUid).setReason(reason)));
  }

  @Override
  public void act(String agentId, BmcAction action) {
    commands.sendOnce(agentId, BusKeys.bmcActionSent(action.getHostUid(), action.getActionId()),
        Command.newBuilder().setBmcAction(action));
  }
}
