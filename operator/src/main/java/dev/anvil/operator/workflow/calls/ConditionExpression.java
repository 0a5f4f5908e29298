package dev.anvil.operator.workflow.calls;

import dev.anvil.crds.validation.CelErrors;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Compiles and evaluates condition node expressions with CEL, over {@code params} (map of string to string) and
 * {@code nodes} (node name to {@code {phase: string, results: map of string to string}}), e.g.
 * {@code nodes.probe.results.statusCode == '200' && params.env != 'prod'}.
 *
 * <p>Compiled programs, and compile errors, are cached by expression text (least recently used beyond
 * {@code cacheSize}), so evaluating the same expression on every reconcile compiles it once. Thread-safe.
 */
public final class ConditionExpression {

  /** Default number of expressions kept compiled. */
  public static final int DEFAULT_CACHE_SIZE = 256;

  /** Comprehension (all, exists, map, filter) steps allowed per evaluation, so an expression cannot spin. */
  private static final int MAX_ITERATIONS = 10_000;

  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setOptions(CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .comprehensionMaxIterations(MAX_ITERATIONS)
          .build())
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("params", MapType.create(SimpleType.STRING, SimpleType.STRING))
      .addVar("nodes", MapType.create(SimpleType.STRING, MapType.create(SimpleType.STRING, SimpleType.DYN)))
      .addCompilerLibraries(CelExtensions.strings(), CelExtensions.math())
      .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.math())
      .build();

  /** A compiled expression, or the reason it does not compile. */
  private record Compiled(Program program, String error) {
  }

  /** A finished node as expressions see it: {@code nodes.<name>.phase} and {@code nodes.<name>.results.<key>}. */
  public record FinishedNode(String phase, Map<String, String> results) {

    /** Makes the results unmodifiable; null means none. */
    public FinishedNode {
      results = Map.copyOf(results == null ? Map.of() : results);
    }
  }

  private final Map<String, Compiled> cache;

  public ConditionExpression() {
    this(DEFAULT_CACHE_SIZE);
  }

  public ConditionExpression(int cacheSize) {
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
        return size() > cacheSize;
      }
    };
  }

  /** Why {@code expression} cannot be used (it does not compile, or cannot return a bool), or empty when it can. */
  public Optional<String> compileError(String expression) {
    return Optional.ofNullable(compiled(expression).error());
  }

  /** Evaluates {@code expression}; never throws for a bad expression or bad inputs, which become a Failed outcome. */
  public ConditionOutcome evaluate(String expression, Map<String, String> params, Map<String, FinishedNode> nodes) {
    var compiled = compiled(expression);
    if (compiled.error() != null) {
      return new ConditionOutcome.Failed(ConditionOutcome.Reason.InvalidSpec, compiled.error());
    }
    var nodeValues = new HashMap<String, Map<String, Object>>();
    nodes.forEach((name, node) -> nodeValues.put(name, Map.of("phase", node.phase(), "results", node.results())));
    Object value;
    try {
      value = compiled.program().eval(Map.of("params", params, "nodes", nodeValues));
    } catch (CelEvaluationException | RuntimeException e) {
      return new ConditionOutcome.Failed(ConditionOutcome.Reason.EvaluationFailed,
          "expression " + quoted(expression) + " failed: " + CelErrors.text(e));
    }
    if (value instanceof Boolean bool) {
      return new ConditionOutcome.Value(bool);
    }
    return new ConditionOutcome.Failed(ConditionOutcome.Reason.EvaluationFailed, "expression " + quoted(expression)
        + " returned " + (value == null ? "null" : value.getClass().getSimpleName()) + ", not a bool");
  }

  private Compiled compiled(String expression) {
    synchronized (cache) {
      var cached = cache.get(expression);
      if (cached != null) {
        return cached;
      }
    }
    // compiled outside the lock: two threads may compile the same text once each, which is harmless
    var compiled = compile(expression);
    synchronized (cache) {
      cache.put(expression, compiled);
    }
    return compiled;
  }

  private static Compiled compile(String expression) {
    if (expression == null || expression.isBlank()) {
      return new Compiled(null, "the expression is empty");
    }
    try {
      var ast = CEL.compile(expression).getAst();
      var type = ast.getResultType();
      if (!type.equals(SimpleType.BOOL) && !type.equals(SimpleType.DYN)) {
        return new Compiled(null, "expression " + quoted(expression) + " returns " + type.name() + ", not a bool");
      }
      return new Compiled(CEL.createProgram(ast), null);
    } catch (CelValidationException e) {
      return new Compiled(null, "expression " + quoted(expression) + " does not compile: "
          + e.getErrors().stream().map(ConditionExpression::issueText).collect(Collectors.joining("; ")));
    } catch (CelEvaluationException e) {
      return new Compiled(null, "expression " + quoted(expression) + " cannot be planned: " + CelErrors.text(e));
    }
  }

  private static String issueText(CelIssue issue) {
    var at = issue.getSourceLocation();
    // CEL columns count from 0
    return at.getLine() > 0 ? "column " + (at.getColumn() + 1) + ": " + issue.getMessage() : issue.getMessage();
  }

  private static String quoted(String expression) {
    return "'" + (expression.length() > 200 ? expression.substring(0, 200) + "…" : expression) + "'";
  }

}
