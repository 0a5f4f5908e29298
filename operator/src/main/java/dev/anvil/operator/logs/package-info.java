/**
 * Pod Job logs into the log store, so they outlive the Pod and the apiserver's log route serves Pod and agent Jobs
 * alike.
 *
 * <p>Wiring (not done here, to keep this package free of the reconciler): the leader runs one {@link
 * dev.anvil.operator.logs.PodLogCopier} per Pod attempt, held in a map keyed by {@code AttemptId}. The Job reconciler,
 * on every pass where an attempt's Pod exists, starts a copier for it when none runs (idempotent: level-based, and a
 * copier started for an attempt whose {@code :done} marker is set ends at once). A copier ends by itself once the
 * container terminated and its log is drained, or the Pod is gone; the map drops it when {@code done()} completes.
 * The operator closes every copier when it loses leadership or stops, and on Job deletion (a {@code Cleaner} is not
 * needed: the stream expires with the log retention). A new leader simply starts copiers again: each resumes after
 * the stream's last stored line. The operator should delete an attempt's Pod only after the copier's {@code done()}
 * completed (or a grace period), or the tail of its log is lost with it.
 */
package dev.anvil.operator.logs;
