/**
 * Pod Job logs into the log store, so they outlive the Pod and the apiserver's log route serves Pod and agent Jobs
 * alike.
 *
 * <p>Wiring (this package knows nothing of the reconciler; the Job reconciler calls {@link
 * dev.anvil.operator.logs.PodLogCopiers}, which {@code AnvilOperator} owns when a Redis URI is set): the leader runs
 * one {@link dev.anvil.operator.logs.PodLogCopier} per Pod attempt, held in a map keyed by {@code AttemptId}. The Job reconciler,
 * on every pass where an attempt's Pod exists, starts a copier for it when none runs (idempotent: level-based, and a
 * copier started for an attempt whose {@code :done} marker is set ends at once). A copier ends by itself once the
 * container terminated and its log is drained, or the Pod is gone; the map drops it when {@code done()} completes.
 * The operator closes every copier when it loses leadership or stops; a deleted Job's Pods are garbage-collected,
 * which ends their copiers (a {@code Cleaner} is not needed: the stream expires with the log retention). A new leader simply starts copiers again: each resumes after
 * the stream's last stored line. Ideally an attempt's Pod is deleted only after the copier's {@code done()} completed
 * (or a grace period), or the tail of its log is lost with it; the Pods the operator deletes itself (deadline passed,
 * Job suspended) do not wait yet: their logs keep what was copied until then.
 */
package dev.anvil.operator.logs;
