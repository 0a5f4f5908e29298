package dev.anvil.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.apiserver.security.DelegatedTokens.Action;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DelegatedTokensTest {

  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-02T03:04:05Z"));
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };
  private final Caller alice = Caller.of("alice", List.of("team-a"), Caller.Kind.OIDC);

  private DelegatedTokens tokens() {
    var tokens = new DelegatedTokens(Duration.ofSeconds(60), clock);
    tokens.replaceKeys(KEY, List.of());
    return tokens;
  }

  @Test
  void aTokenOpensItsHostsConsoleUntilItExpires() {
    var tokens = tokens();
    var minted = tokens.mint(alice, "team-a", "node-1", Action.CONSOLE);
    assertThat(minted.expiresAt()).isEqualTo(now.get().plusSeconds(60));
    now.set(now.get().plusSeconds(59));
    var grant = tokens.verify(minted.token(), "team-a", "node-1", Action.CONSOLE);
    assertThat(grant.user()).isEqualTo("alice");
    assertThat(grant.groups()).containsExactly("team-a");
    now.set(now.get().plusSeconds(1));
    assertThatThrownBy(() -> tokens.verify(minted.token(), "team-a", "node-1", Action.CONSOLE))
        .isInstanceOf(DelegatedTokens.InvalidTokenException.class).hasMessage("the token has expired");
  }

  @Test
  void anotherHostNamespaceOrActionIsRefused() {
    var tokens = tokens();
    var token = tokens.mint(alice, "team-a", "node-1", Action.CONSOLE).token();
    for (var wrong : List.of(new Object[] {"team-a", "node-2", Action.CONSOLE},
        new Object[] {"team-b", "node-1", Action.CONSOLE}, new Object[] {"team-a", "node-1", Action.VNC})) {
      assertThatThrownBy(() -> tokens.verify(token, (String) wrong[0], (String) wrong[1], (Action) wrong[2]))
          .isInstanceOf(DelegatedTokens.InvalidTokenException.class)
          .hasMessage("the token is for another host or action");
    }
  }

  @Test
  void anotherKeyATamperedTokenAndGarbageAreRefused() {
    var token = tokens().mint(alice, "team-a", "node-1", Action.VNC).token();
    var other = new DelegatedTokens(Duration.ofSeconds(60), clock);
    assertThatThrownBy(() -> other.verify(token, "team-a", "node-1", Action.VNC)).hasMessage("bad signature");
    var parts = token.split("\\.");
    var forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
    assertThatThrownBy(() -> tokens().verify(forged, "team-a", "node-1", Action.VNC))
        .isInstanceOf(DelegatedTokens.InvalidTokenException.class);
    assertThatThrownBy(() -> tokens().verify("anvil_ci_xyz", "team-a", "node-1", Action.VNC))
        .hasMessage("not a delegated token");
  }

  @Test
  void theOldKeyStillVerifiesWhileRotating() {
    var before = tokens();
    var token = before.mint(alice, "team-a", "node-1", Action.CONSOLE).token();
    var rotated = new DelegatedTokens(Duration.ofSeconds(60), clock);
    rotated.replaceKeys("abcdefghijklmnopqrstuvwxyz012345".getBytes(StandardCharsets.UTF_8), List.of(KEY));
    assertThat(rotated.verify(token, "team-a", "node-1", Action.CONSOLE).user()).isEqualTo("alice");
  }
}
