package dev.anvil.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient
class AuthorizerTest {

  KubernetesMockServer server;
  KubernetesClient client;

  private static final ResourceAccess LOG_IN_A = new ResourceAccess("get", "anvil.dev", "jobs", "log", "team-a", "x");

  @Test
  void subjectAccessReviewAsksTheClusterForTheCallersUserAndGroupsAndCachesTheAnswer() {
    var asked = new AtomicInteger();
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, request -> {
      asked.incrementAndGet();
      var review = Serialization.unmarshal(request.getUtf8Body(), SubjectAccessReview.class);
      var attributes = review.getSpec().getResourceAttributes();
      var allowed = review.getSpec().getUser().equals("alice") && review.getSpec().getGroups().contains("team-a")
          && attributes.getNamespace().equals("team-a") && attributes.getResource().equals("jobs")
          && attributes.getSubresource().equals("log") && attributes.getVerb().equals("get");
      return new SubjectAccessReviewBuilder(review).withNewStatus().withAllowed(allowed).endStatus().build();
    }).always();
    var authorizer = new SubjectAccessReviewAuthorizer(client, Duration.ofMinutes(1), Clock.systemUTC());
    var alice = Caller.of("alice", List.of("team-a"), Caller.Kind.OIDC);

    assertThat(authorizer.allowed(alice, LOG_IN_A)).isTrue();
    assertThat(authorizer.allowed(alice, LOG_IN_A)).isTrue();
    assertThat(asked).hasValue(1);
    assertThat(authorizer.allowed(alice, "get", "anvil.dev", "jobs", "log", "team-b", "x")).isFalse();
    assertThat(authorizer.allowed(Caller.of("bob", List.of("team-a"), Caller.Kind.OIDC), LOG_IN_A)).isFalse();
    assertThat(asked).hasValue(3);
  }

  @Test
  void anUnansweredReviewIsUnavailableNotAllowed() {
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReturn(500, "boom")
        .always();
    // Fabric8 retries a 5xx with backoff; not here
    try (var noRetries = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
        .withRequestRetryBackoffLimit(0).build()).build()) {
      var authorizer = new SubjectAccessReviewAuthorizer(noRetries, Duration.ZERO, Clock.systemUTC());
      assertThatThrownBy(() -> authorizer.allowed(Caller.of("alice", List.of(), Caller.Kind.OIDC), LOG_IN_A))
          .isInstanceOf(Authorizer.AuthorizationUnavailableException.class).hasMessageContaining("500");
    }
  }

  @Test
  void apiKeyNamespacesFollowTheKeysEntryAndAdminGroups() {
    var authorizer = new ApiKeyNamespaceAuthorizer(List.of("oidc:admins"));
    var key = new ApiKey("ci", "{sha256}00", "ci", List.of(), List.of("team-a"), List.of("get", "list"));
    assertThat(authorizer.allowed(Caller.ofApiKey(key), LOG_IN_A)).isTrue();
    assertThat(authorizer.allowed(Caller.ofApiKey(key), "delete", "anvil.dev", "jobs", "", "team-a", "x")).isFalse();
    assertThat(authorizer.allowed(Caller.ofApiKey(key), "get", "anvil.dev", "jobs", "log", "team-b", "x")).isFalse();
    assertThat(authorizer.allowed(Caller.of("oidc:eve", List.of("oidc:team-a"), Caller.Kind.OIDC), LOG_IN_A))
        .isFalse();
    assertThat(authorizer.allowed(Caller.of("oidc:root", List.of("oidc:admins"), Caller.Kind.OIDC), LOG_IN_A))
        .isTrue();
  }

  @Test
  void theForbiddenMessageIsKubeApiserversOwn() {
    assertThat(ForbiddenException.message("u", new ResourceAccess("get", "anvil.dev", "jobs", "log", "ns", "x")))
        .isEqualTo("jobs.anvil.dev \"x\" is forbidden: User \"u\" cannot get resource \"jobs/log\" in API group "
            + "\"anvil.dev\" in the namespace \"ns\"");
    assertThat(ForbiddenException.message("u", new ResourceAccess("list", "", "pods", "", "", "")))
        .isEqualTo("pods is forbidden: User \"u\" cannot list resource \"pods\" in API group \"\" at the cluster scope");
  }
}
