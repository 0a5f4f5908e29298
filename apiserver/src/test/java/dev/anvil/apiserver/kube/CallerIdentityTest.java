package dev.anvil.apiserver.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

class CallerIdentityTest {

  private static KubernetesClient client;

  @BeforeAll
  static void client() {
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1/")
        .withAutoConfigure(false).build()).build();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void forwardsTheAuthenticatedCallerWithTheirGroups() {
    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated("alice",
        null, List.of(new SimpleGrantedAuthority("GROUP_lab-admins"), new SimpleGrantedAuthority("ROLE_x"),
            new SimpleGrantedAuthority("GROUP_system:authenticated"))));
    var request = new CallerIdentity(client, true).apply(client.getHttpClient().newHttpRequestBuilder()
        .uri("http://127.0.0.1:1/x")).build();
    assertThat(request.headers("Impersonate-User")).containsExactly("alice");
    assertThat(request.headers("Impersonate-Group")).containsExactly("lab-admins", "system:authenticated");
  }

  @Test
  void actsAsTheApiserverWithoutAnAuthenticationOrWhenImpersonationIsOff() {
    var anonymous = new CallerIdentity(client, true);
    assertThat(anonymous.impersonation()).isEmpty();
    assertThat(anonymous.client()).isSameAs(client);
    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated("alice",
        null, List.of()));
    var off = new CallerIdentity(client, false);
    assertThat(off.impersonation()).isEmpty();
    assertThat(off.apply(client.getHttpClient().newHttpRequestBuilder().uri("http://127.0.0.1:1/x")).build()
        .headers("Impersonate-User")).isEmpty();
  }
}
