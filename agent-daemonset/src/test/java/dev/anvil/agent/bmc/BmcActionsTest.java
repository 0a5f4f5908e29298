package dev.anvil.agent.bmc;

import static dev.anvil.agent.bmc.BmcRig.boot;
import static dev.anvil.agent.bmc.BmcRig.power;
import static dev.anvil.agent.bmc.BmcRig.release;
import static dev.anvil.agent.bmc.BmcRig.serve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One-shot actions: once per action id, mapped from Redfish names, one at a time per host. */
class BmcActionsTest {

  private final BmcRig rig = new BmcRig();

  @AfterEach
  void close() {
    rig.close();
  }

  @Test
  void anActionRunsOnceAndARepeatedIdIsAnsweredWithTheFirstResult() {
    rig.service.execute(serve("h1", "v1"));
    rig.service.execute(power("h1", "a1", "ForceOff"));
    rig.clock.advance(Duration.ofSeconds(5));
    rig.service.execute(power("h1", "a1", "ForceOff"));

    assertThat(rig.clients.last().resets).containsExactly(ResetAction.ForceOff);
    var results = rig.results();
    assertThat(results).hasSize(2);
    assertThat(results.get(0).getSucceeded()).isTrue();
    assertThat(results.get(0).getPowerState()).isEqualTo("Off");
    assertThat(results.get(0).getFinishedTime().getSeconds()).isEqualTo(rig.clock.instant().getEpochSecond() - 5);
    assertThat(results.get(1)).isEqualTo(results.get(0));
  }

  @Test
  void theSameActionIdOnAnotherHostIsAnotherAction() {
    rig.service.execute(serve("h1", "v1"));
    var first = rig.clients.last();
    rig.service.execute(serve("h2", "v1"));
    var second = rig.clients.last();
    rig.service.execute(power("h1", "power-g1-1", "ForceOff"));
    rig.service.execute(power("h2", "power-g1-1", "On"));

    assertThat(first.resets).containsExactly(ResetAction.ForceOff);
    assertThat(second.resets).containsExactly(ResetAction.On);
    assertThat(rig.results()).extracting(r -> r.getHostUid()).containsExactly("h1", "h2");
  }

  @Test
  void aBootOverrideIsSetAsRedfishNamesIt() {
    rig.service.execute(serve("h1", "v1"));
    rig.service.execute(boot("h1", "a1", "Pxe", "Once", "UEFI"));
    rig.service.execute(boot("h1", "a2", "Hdd", "Continuous", ""));

    assertThat(rig.clients.last().boots).containsExactly(
        new BootSettings(BootSettings.Target.Pxe, BootSettings.Persistence.Once, BootSettings.Mode.UEFI),
        new BootSettings(BootSettings.Target.Hdd, BootSettings.Persistence.Continuous, null));
    assertThat(rig.results()).allMatch(r -> r.getSucceeded());
  }

  @Test
  void aNameThisAgentDoesNotKnowFailsUnsupportedWithoutTouchingTheBmc() {
    rig.service.execute(serve("h1", "v1"));
    rig.service.execute(power("h1", "a1", "Detonate"));
    rig.service.execute(boot("h1", "a2", "Floppy", "Once", ""));

    assertThat(rig.clients.last().resets).isEmpty();
    assertThat(rig.clients.last().boots).isEmpty();
    assertThat(rig.results()).allSatisfy(r -> {
      assertThat(r.getSucceeded()).isFalse();
      assertThat(r.getErrorKind()).isEqualTo("UNSUPPORTED");
    });
    assertThat(rig.results().get(0).getMessage()).contains("ResetType 'Detonate'", "ForceOff");
    assertThat(rig.results().get(1).getMessage()).contains("BootSourceOverrideTarget 'Floppy'");
  }

  @Test
  void aFailureTheBmcReportsIsTheResultWithThePowerStateReadAfterIt() {
    rig.service.execute(serve("h1", "v1"));
    rig.clients.last().actionFailure = new BmcException(BmcException.Kind.REJECTED, "HTTP 409: already on");
    rig.service.execute(power("h1", "a1", "On"));

    var result = rig.results().get(0);
    assertThat(result.getSucceeded()).isFalse();
    assertThat(result.getErrorKind()).isEqualTo("REJECTED");
    assertThat(result.getMessage()).isEqualTo("HTTP 409: already on");
    assertThat(result.getPowerState()).isEqualTo("On");
  }

  @Test
  void anActionOnAHostThisAgentDoesNotServeIsNotServed() {
    rig.service.execute(power("h9", "a1", "On"));
    rig.service.execute(serve("h1", "v1"));
    rig.service.execute(release("h1"));
    rig.service.execute(power("h1", "a2", "On"));

    assertThat(rig.results()).extracting(r -> r.getActionId() + " " + r.getErrorKind())
        .containsExactly("a1 NOT_SERVED", "a2 NOT_SERVED");
    assertThat(rig.clients.last().resets).isEmpty();
  }

  @Test
  void oneHostDoesOneThingAtATimeWhileOtherHostsGoOn() throws Exception {
    var pool = Executors.newFixedThreadPool(4);
    try (var parallel = new BmcRig(pool, null)) {
      var pollRunning = new CountDownLatch(1);
      var releasePoll = new CountDownLatch(1);
      parallel.clients.onOpen(client -> {
        if (client.endpoint.password().endsWith("slow")) {
          client.duringRead = () -> {
            pollRunning.countDown();
            block(releasePoll);
          };
        }
      });
      parallel.service.execute(serve("h1", "slow"));
      assertThat(pollRunning.await(5, TimeUnit.SECONDS)).isTrue();
      parallel.service.execute(serve("h2", "v1"));
      parallel.service.execute(power("h1", "a1", "ForceOff"));
      parallel.service.execute(power("h2", "a2", "ForceOff"));

      await().atMost(Duration.ofSeconds(5)).until(() -> parallel.results().size() == 1);
      assertThat(parallel.results().get(0).getActionId()).as("h1's action waits for its poll").isEqualTo("a2");
      releasePoll.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> parallel.results().size() == 2);
      assertThat(parallel.results().get(1).getActionId()).isEqualTo("a1");
    } finally {
      pool.shutdownNow();
    }
  }

  private static void block(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
