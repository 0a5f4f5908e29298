package dev.anvil.operator.workflow.nodes;

import dev.anvil.crds.v1alpha1.Durations;
import dev.anvil.crds.v1alpha1.HttpAuth;
import dev.anvil.crds.v1alpha1.HttpHeader;
import dev.anvil.crds.v1alpha1.HttpNode;
import dev.anvil.crds.v1alpha1.HttpResult;
import dev.anvil.operator.workflow.NodeAttempt;
import dev.anvil.operator.workflow.NodeRunner;
import dev.anvil.operator.workflow.NodeStep;
import dev.anvil.operator.workflow.calls.CircuitBreakers;
import dev.anvil.operator.workflow.calls.HttpOutcome;
import dev.anvil.operator.workflow.calls.Permit;
import dev.anvil.operator.workflow.calls.ResolvedHttpRequest;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * An {@code http} node: one request per attempt, sent without blocking the reconcile; its completion wakes the
 * Workflow. Each attempt carries the Idempotency-Key {@link NodeAttempt#key()}, so a request sent again after an
 * operator restart can be recognised by the receiver.
 */
public final class HttpRunner implements NodeRunner {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** Outcomes that say the target is in trouble, counted against its circuit breaker. */
  private static final Set<HttpOutcome.Reason> TARGET_FAILURES = Set.of(HttpOutcome.Reason.UnexpectedStatus,
      HttpOutcome.Reason.ConnectionFailed, HttpOutcome.Reason.Timeout);

  @Override
  public NodeStep step(NodeAttempt attempt) {
    var calls = attempt.services().calls();
    var call = calls.get(attempt.key());
    if (call == null) {
      return send(attempt);
    }
    if (!call.isDone()) {
      return new NodeStep.Running("waiting for the response", null);
    }
    calls.remove(attempt.key());
    var outcome = call.join();
    if (outcome.success()) {
      return new NodeStep.Succeeded(outcome.results());
    }
    return new NodeStep.Failed(outcome.reason().name(), outcome.message(), true);
  }

  @Override
  public void stop(NodeAttempt attempt, String why) {
    attempt.services().calls().remove(attempt.key()); // its outcome, when it comes, is reported to the breaker only
  }

  private NodeStep send(NodeAttempt attempt) {
    var spec = attempt.node().getHttp();
    ResolvedHttpRequest request;
    try {
      request = request(attempt, spec);
    } catch (IllegalArgumentException e) {
      return new NodeStep.Failed("InvalidSpec", e.getMessage(), false);
    } catch (SecretValues.Missing e) {
      return new NodeStep.Failed("SecretUnavailable", e.getMessage(), true);
    }
    var permit = attempt.node().getCircuitBreaker() == null ? null
        : attempt.services().breakers().tryAcquire(CircuitBreakers.targetOf(request.url()),
            attempt.node().getCircuitBreaker());
    if (permit instanceof Permit.Rejected rejected) {
      return new NodeStep.Failed("CircuitOpen", rejected.message(), true, rejected.openUntil());
    }
    var granted = (Permit.Granted) permit;
    var started = Instant.now();
    var workflow = ResourceID.fromResource(attempt.workflow());
    var call = attempt.services().http().send(request).whenComplete((outcome, error) -> {
      if (granted != null) {
        var elapsed = Duration.between(started, Instant.now());
        if (outcome == null) {
          granted.release(); // not expected: HttpCall turns every failure into an outcome
        } else if (!outcome.success() && TARGET_FAILURES.contains(outcome.reason())) {
          granted.failure(elapsed);
        } else {
          granted.success(elapsed);
        }
      }
    });
    attempt.services().calls().put(attempt.key(), call);
    // a stage of its own: it runs once `call` is complete, so the reconcile it wakes finds it done (a wake from
    // inside the stage above could be handled before the stage completes, and the outcome would wait forever)
    call.whenComplete((outcome, error) -> attempt.services().wake().accept(workflow));
    return new NodeStep.Running("sent " + spec.getMethod() + " " + request.url().getHost(), null);
  }

  private static ResolvedHttpRequest request(NodeAttempt attempt, HttpNode spec) {
    URI url;
    try {
      url = URI.create(spec.getUrl());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("http.url is not a valid URL"); // the text may hold user:password@
    }
    var headers = new ArrayList<ResolvedHttpRequest.Header>();
    for (HttpHeader header : spec.getHeaders() == null ? List.<HttpHeader>of() : spec.getHeaders()) {
      var value = header.getSecretKeyRef() == null ? header.getValue()
          : SecretValues.read(attempt.services().client(), attempt.namespace(), header.getSecretKeyRef().getName(),
              header.getSecretKeyRef().getKey());
      headers.add(new ResolvedHttpRequest.Header(header.getName(), value));
    }
    if (spec.getAuthSecretRef() != null) {
      headers.add(new ResolvedHttpRequest.Header("Authorization", authorization(attempt, spec.getAuthSecretRef())));
    }
    var results = new ArrayList<ResolvedHttpRequest.ResultSpec>();
    for (HttpResult result : spec.getResults() == null ? List.<HttpResult>of() : spec.getResults()) {
      results.add(new ResolvedHttpRequest.ResultSpec(result.getName(), result.getJsonPath()));
    }
    var method = spec.getMethod() == null ? HttpNode.Method.GET : spec.getMethod();
    return new ResolvedHttpRequest(method, url, headers, spec.getBody(),
        Durations.parseOr(spec.getTimeout(), DEFAULT_TIMEOUT), spec.getExpectStatus(), results, attempt.key());
  }

  private static String authorization(NodeAttempt attempt, HttpAuth auth) {
    var client = attempt.services().client();
    if (auth.getType() == HttpAuth.Type.Basic) {
      var user = SecretValues.read(client, attempt.namespace(), auth.getName(), "username");
      var password = SecretValues.read(client, attempt.namespace(), auth.getName(), "password");
      return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
    var key = auth.getKey() == null ? "token" : auth.getKey();
    return "Bearer " + SecretValues.read(client, attempt.namespace(), auth.getName(), key);
  }
}
