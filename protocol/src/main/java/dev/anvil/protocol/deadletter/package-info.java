/**
 * The dead-letter queue: node executions that failed for good with {@code onFailure: DeadLetter}, kept in the
 * central Redis so they can be listed and replayed. The operator records and marks entries; the apiserver lists them
 * ({@code .../workflows/{name}/deadletters}, {@code .../namespaces/{ns}/deadletters}); both through this one class,
 * so the layout below has one owner.
 *
 * <h2>Key layout</h2>
 * An entry's id is {@code <namespace>:<seq>}, {@code seq} a global counter, so ids grow with recording order.
 * <ul>
 *   <li>{@code anvil:deadletter:seq} — the counter.</li>
 *   <li>{@code anvil:deadletter:entry:<namespace>:<seq>} — hash, the entry: {@code namespace workflow workflowUid
 *       node nodeType execution inputs reason message attempts firstAttempt lastAttempt recorded} (times in epoch
 *       ms), plus {@code replayedBy replayedAt} once replayed, and {@code marker} (the key below).</li>
 *   <li>{@code anvil:deadletter:recorded:<workflowUid>:<node>:<execution>} — string, the id recorded for that node
 *       execution: recording it again returns this id instead of adding an entry (a reconcile repeated after a
 *       crash). Written in the same Lua script as the entry, so neither exists without the other.</li>
 *   <li>{@code anvil:deadletters:<namespace>} — sorted set of the namespace's ids scored by seq: listing, newest
 *       first, and retention.</li>
 *   <li>{@code anvil:deadletters:<namespace>:workflow:<name>} — the same for one Workflow name (all its runs).</li>
 *   <li>{@code anvil:deadletter:pending:<workflowUid>} — set of the Workflow's ids not yet replayed: the count in
 *       its status.</li>
 * </ul>
 *
 * <h2>Replay and retention</h2>
 * A replayed entry stays where it is, listable with who replayed it and when, and leaves the pending set: the
 * history of what failed stays readable after it was dealt with. Each namespace keeps its newest
 * {@link dev.anvil.protocol.deadletter.DeadLetterQueue#MAX_ENTRIES_PER_NAMESPACE} entries, replayed or not;
 * recording one more removes the oldest with its marker and its place in every index, in the same script.
 *
 * <h2>Paging</h2>
 * Listing pages by sequence number ({@link dev.anvil.protocol.deadletter.DeadLetterQueue#page}): a page is the newest
 * entries below a sequence number, so entries recorded meanwhile never shift a later page, and retention only
 * shortens it.
 */
package dev.anvil.protocol.deadletter;
