package dev.anvil.sim.redfish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CollectionQueryTest {

  private static final String ENTRIES = "/redfish/v1/Managers/BMC/LogServices/Log/Entries";

  private static MockupTree treeWithEntries(int count) {
    var tree = MockupTree.load("public-rackmount1");
    LogEntries.append(tree, ENTRIES, count);
    return tree;
  }

  @Test
  void aLargeCollectionComesInPagesWithANextLink() {
    var tree = treeWithEntries(119);
    var query = new CollectionQuery(tree, false);

    var first = query.apply(tree.get(ENTRIES).orElseThrow(), null).body();
    var last = query.apply(tree.get(ENTRIES).orElseThrow(), "$skiptoken=100").body();

    assertThat(first.path("Members")).hasSize(CollectionQuery.PAGE_SIZE);
    assertThat(first.path("Members@odata.count").asInt()).isEqualTo(120);
    assertThat(first.path("@odata.nextLink").asText()).isEqualTo(ENTRIES + "?$skiptoken=50");
    assertThat(last.path("Members")).hasSize(20);
    assertThat(last.path("Members").get(19).path("Message").asText()).isEqualTo("Simulated event 120");
    assertThat(last.has("@odata.nextLink")).isFalse();
    assertThat(tree.get(ENTRIES + "/120")).get().extracting(e -> e.path("Created").asText())
        .isEqualTo("2025-01-01T02:00:00Z");
  }

  @Test
  void topAndSkipAreRefusedUnlessAdvertised() {
    var tree = treeWithEntries(10);

    var refused = new CollectionQuery(tree, false).apply(tree.get(ENTRIES).orElseThrow(), "$skip=5&$top=2");
    var served = new CollectionQuery(tree, true).apply(tree.get(ENTRIES).orElseThrow(), "%24skip=5&%24top=2");
    var negative = new CollectionQuery(tree, true).apply(tree.get(ENTRIES).orElseThrow(), "$top=-1");

    assertThat(refused.status()).isEqualTo(501);
    assertThat(refused.body().at("/error/@Message.ExtendedInfo/0/MessageId").asText()).endsWith("QueryNotSupported");
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.body().path("Members").findValuesAsText("Id")).containsExactly("6", "7");
    assertThat(served.body().has("@odata.nextLink")).isFalse();
    assertThat(negative.status()).isEqualTo(400);
  }

  @Test
  void advertisesWhatItImplements() {
    var tree = MockupTree.load("public-rackmount1");
    var root = tree.get("/redfish/v1").orElseThrow();
    new CollectionQuery(tree, true).advertise(root);

    assertThat(root.at("/ProtocolFeaturesSupported/TopSkipQuery").asBoolean()).isTrue();
    assertThat(root.at("/ProtocolFeaturesSupported/ExpandQuery/MaxLevels").asInt()).isEqualTo(1);
    assertThat(root.at("/ProtocolFeaturesSupported/ExcerptQuery").asBoolean()).isFalse();
  }

  @Test
  void expandsOneLevelAndRefusesOtherExpansions() {
    var tree = MockupTree.load("public-bladed");
    var query = new CollectionQuery(tree, false);
    var systems = tree.get("/redfish/v1/Systems").orElseThrow();

    var expanded = query.apply(systems, "$expand=.($levels=1)");
    var deeper = query.apply(systems, "$expand=*($levels=3)");

    assertThat(expanded.body().path("Members").findValuesAsText("SerialNumber")).hasSize(4);
    assertThat(deeper.status()).isEqualTo(501);
    assertThat(query.apply(systems, "only").status()).isEqualTo(200);
  }
}
