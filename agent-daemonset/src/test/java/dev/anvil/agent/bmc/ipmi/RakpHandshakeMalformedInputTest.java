package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Open Session responses and RAKP messages 2 and 4 cut at every length fail the login as PROTOCOL (UNREACHABLE when
 * too short to name the login they answer); with any byte changed the login succeeds or fails readably: an answer
 * for another login is ignored (UNREACHABLE), a status is the failure it names, a changed key exchange code or
 * integrity check value is AUTH_FAILED, as from a BMC with another password.
 */
@Timeout(120)
class RakpHandshakeMalformedInputTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  /** Logins run side by side, each against its own BMC: most cases wait out the timeout. */
  private static final int PARALLEL = 16;
  private static final Set<Kind> ANY_BUT_TLS = EnumSet.complementOf(EnumSet.of(Kind.TLS));

  @Test
  void openSessionResponse() throws Exception {
    garble(RmcpPacket.OPEN_SESSION_RESPONSE, 36);
  }

  @Test
  void rakpMessage2() throws Exception {
    garble(RmcpPacket.RAKP_2, 40 + CipherSuite.SUITE_3.hmacLength());
  }

  @Test
  void rakpMessage4() throws Exception {
    garble(RmcpPacket.RAKP_4, 8 + CipherSuite.SUITE_3.integrityLength());
  }

  /** Every truncation and mutation of the answer's body, applied to the body each login's BMC really sends. */
  private static void garble(int payloadType, int length) throws Exception {
    var cases = new ArrayList<Callable<Void>>();
    for (int keep = 0; keep < length; keep++) {
      int cut = keep;
      cases.add(login(payloadType, body -> Arrays.copyOf(body, cut),
          cut < 2 ? Set.of(Kind.UNREACHABLE) : Set.of(Kind.PROTOCOL)));
    }
    for (int at = 0; at < length; at++) {
      for (var change : MalformedBytes.CHANGES) {
        int position = at;
        cases.add(login(payloadType, body -> {
          var changed = body.clone();
          changed[position] = (byte) change.applyAsInt(body[position]);
          return changed;
        }, ANY_BUT_TLS));
      }
    }
    var pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      for (var result : pool.invokeAll(cases)) {
        try {
          result.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof AssertionError failure) {
            throw failure;
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A login against a BMC that garbles the answer of that type; it must succeed or fail as one of the kinds. */
  private static Callable<Void> login(int payloadType, UnaryOperator<byte[]> garbling, Set<Kind> allowed) {
    return () -> {
      var sent = new AtomicReference<byte[]>();
      try (var bmc = ScriptedBmc.start().setUp((type, body) -> {
        if (type == payloadType) {
          sent.set(garbling.apply(body));
          return sent.get();
        }
        return body;
      })) {
        MalformedBytes.assertDecodesOrFails(new byte[0], allowed, none -> {
          bmc.login(TIMEOUT).close();
          return null;
        });
      } catch (AssertionError e) {
        var answer = sent.get() == null ? "none" : HexFormat.of().formatHex(sent.get());
        throw new AssertionError("answer " + answer + ": " + e.getMessage(), e);
      }
      return null;
    };
  }
}
