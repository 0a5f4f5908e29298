package dev.anvil.apiserver.hub;

import dev.anvil.protocol.AgentAuthorization;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends an agent call UNAUTHENTICATED, before any message either way, unless it carries a current bootstrap token. */
public final class AgentTokenInterceptor implements ServerInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(AgentTokenInterceptor.class);

  private final BootstrapTokens tokens;

  public AgentTokenInterceptor(BootstrapTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
      ServerCallHandler<Q, A> next) {
    var token = AgentAuthorization.token(headers);
    if (token.isPresent() && tokens.accepts(token.get())) {
      return next.startCall(call, headers);
    }
    var peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    var why = token.isEmpty()
        ? "missing agent token: send metadata 'authorization: Bearer <bootstrap token>'"
        : "agent token not accepted: it matches none of the current bootstrap tokens";
    LOG.warn("refused agent connection from {}: {}", peer, why);
    call.close(Status.UNAUTHENTICATED.withDescription(why), new Metadata());
    return new ServerCall.Listener<>() {
    };
  }
}
