package dev.anvil.operator.workflow.calls;

/** What a condition node's expression came to: a bool, or why there is none. */
public sealed interface ConditionOutcome permits ConditionOutcome.Value, ConditionOutcome.Failed {

  /** Why an expression has no value; the names are the node failure reasons. */
  enum Reason {
    /** The expression does not compile or cannot return a bool: the Workflow's spec is wrong. */
    InvalidSpec,
    /** The expression compiled but failed on these inputs (a missing key, a type mismatch) or returned a non-bool. */
    EvaluationFailed
  }

  /** The expression returned {@code value}. */
  record Value(boolean value) implements ConditionOutcome {
  }

  /** The expression has no value; {@code message} says why, for people. */
  record Failed(Reason reason, String message) implements ConditionOutcome {
  }
}
