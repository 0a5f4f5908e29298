package dev.anvil.operator.workflow;

import dev.anvil.operator.workflow.calls.CircuitBreakers;
import dev.anvil.operator.workflow.calls.ConditionExpression;
import dev.anvil.operator.workflow.calls.HttpCall;
import dev.anvil.protocol.deadletter.DeadLetterQueue;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.function.Consumer;

/**
 * What node runners share, one per operator: the API client, the HTTP client and the calls in flight, the circuit
 * breakers, compiled conditions, the dead-letter queue (null without Redis) and a way to wake a Workflow up.
 */
public record WorkflowServices(KubernetesClient client, HttpCall http, InFlightCalls calls, CircuitBreakers breakers,
    ConditionExpression conditions, DeadLetterQueue deadLetters, Consumer<ResourceID> wake) {
}
